// Package checks of `npm test`: the gzipped size budgets, publint, and @arethetypeswrong/cli.
// Bytes are deterministic, so the budget is a test; speed lives in `npm run bench`.
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defaults, features, manualChunks, production } from '../rollup.config.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const gzip = (code) => gzipSync(code, { level: 9 }).length;

/**
 * What a bundler ships for `code` importing from dist/ (or from `dist`): tree-shaken and minified;
 * `resolve` resolves the package's name as a consumer's bundler would.
 */
async function bundled(code, dist = join(ROOT, 'dist'), resolve) {
  const dir = mkdtempSync(join(tmpdir(), 'size-'));
  const input = join(dir, 'entry.js');
  writeFileSync(input, code.replaceAll('DIST', dist));
  const plugins = [{ name: 'resolve', resolveId: resolve }, terser({ ecma: 2020, compress: { passes: 2 } })];
  const bundle = await rollup({ input, plugins, onwarn() {} });
  const { output } = await bundle.generate({ format: 'es' });
  rmSync(dir, { recursive: true });
  return output[0].code;
}

// [what, code, ceiling, budget]: the budget is the product's promise (every byte ships to every
// page); the ceiling is today's size plus a little, so nothing grows unseen: a change that adds
// bytes raises it deliberately, and says so.
export const budgets = [
  [
    'classic script, everything (engine, tabs, dialog, styles, drop-in)',
    () => readFileSync(join(ROOT, 'dist/session-security.min.js'), 'utf8'),
    8834,
    8984,
  ],
  [
    'ES import with the dialog',
    () => bundled("import { SessionSecurity } from 'DIST/session-security.js'; new SessionSecurity({ pingUrl: '/' });"),
    6676,
    6683,
  ],
  [
    'ES import of the engine alone (engine, ping, tabs)',
    () => bundled("import { SessionSecurity } from 'DIST/core.js'; new SessionSecurity({ pingUrl: '/' });"),
    4634,
    4639,
  ],
];

/** What a page using only `session-security` ships. */
const DEFAULT_IMPORT =
  "import { SessionSecurity } from 'DIST/session-security.js'; const session = new SessionSecurity({ pingUrl: '/' });";

// [feature, its use, ceiling, budget]: what a feature entry adds to the `session-security` import
// of a page that uses it, gzipped.
export const featureBudgets = [
  ['lifetime', 'lifetime(session, { endsAt: 0 });', 482, 512],
  ['hold', "hold(session, fetch('/'));", 94, 128],
  ['media', 'media(session);', 109, 128],
  ['title-countdown', 'titleCountdown(session);', 125, 128],
  ['frame-activity', "frameActivity(session, { frameOrigins: ['https://docs.example'] });", 152, 160],
];

// What a language costs a page that shows it (README, "What a language costs"): its classic script,
// and its ES module as a bundler ships it beside the dialog.
const LANGUAGES = readdirSync(join(ROOT, 'dist/locales'))
  .filter((file) => file.endsWith('.min.js'))
  .map((file) => file.slice(0, -'.min.js'.length));
const withLanguage = (tag) =>
  bundled(
    `import { SessionSecurity } from 'DIST/session-security.js'; import locale from 'DIST/locales/${tag}.js'; new SessionSecurity({ pingUrl: '/', ...locale });`,
  );
const english = gzip(await budgets[1][1]());
const costs = [];
for (const tag of LANGUAGES)
  costs.push([
    tag,
    gzip(readFileSync(join(ROOT, `dist/locales/${tag}.min.js`), 'utf8')),
    gzip(await withLanguage(tag)) - english,
  ]);
console.log('What a language costs (classic script / ES import over English), gzipped:');
console.log(costs.map(([tag, classic, es]) => `  ${tag}: ${classic} B / +${es} B`).join('\n'));
const largest = (index) => costs.reduce((most, cost) => (cost[index] > most[index] ? cost : most));
budgets.push(
  ["a language's classic script, the largest (" + largest(1)[0] + ')', () => largest(1)[1], 850, 1000],
  ['a language in the ES import, over English, the largest (' + largest(2)[0] + ')', () => largest(2)[2], 450, 500],
);

/** The function a feature entry exports: its name in camel case (`title-countdown`: `titleCountdown`). */
const exported = (entry) => entry.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());

let failed = false;
for (const [name, code, ceiling, budget] of budgets) {
  const measured = await code();
  const size = typeof measured == 'number' ? measured : gzip(measured);
  const ok = size <= ceiling && size <= budget;
  failed ||= !ok;
  console.log(`${ok ? '✓' : '✗'} ${name}: ${size} B gzipped (ceiling ${ceiling} B, budget ${budget} B)`);
}
const defaultSize = gzip(await bundled(DEFAULT_IMPORT));
for (const [name, use, ceiling, budget] of featureBudgets) {
  const code = `${DEFAULT_IMPORT} import { ${exported(name)} } from 'DIST/${name}.js'; ${use}`;
  const size = gzip(await bundled(code)) - defaultSize;
  const ok = size <= ceiling && size <= budget;
  failed ||= !ok;
  console.log(
    `${ok ? '✓' : '✗'} session-security/${name}, over the ES import: +${size} B gzipped (ceiling ${ceiling} B, budget ${budget} B)`,
  );
}

// The default imports are what they would be without the feature entries: the package built
// with its default entries alone ships the same bytes.
{
  const dir = mkdtempSync(join(tmpdir(), 'defaults-'));
  const bundle = await rollup({
    input: Object.fromEntries(Object.entries(defaults).map(([name, file]) => [name, join(ROOT, file)])),
    plugins: [production, typescript({ noEmit: false, outDir: dir, tsconfig: join(ROOT, 'tsconfig.json') })],
    onwarn() {},
  });
  await bundle.write({ dir, format: 'es', chunkFileNames: '[name].js', manualChunks });
  for (const entry of ['session-security', 'core']) {
    const code = `import { SessionSecurity } from 'DIST/${entry}.js'; new SessionSecurity({ pingUrl: '/' });`;
    const [alone, withFeatures] = [gzip(await bundled(code, dir)), gzip(await bundled(code))];
    const ok = alone == withFeatures;
    failed ||= !ok;
    console.log(
      `${ok ? '✓' : '✗'} the ${entry} import without the feature entries: ${alone} B, with them: ${withFeatures} B`,
    );
  }
  rmSync(dir, { recursive: true });
}

// Developer warnings are in the development builds only: the `development` export condition and
// the unminified classic script have them, the production builds none.
{
  // The short warning window's, and an unknown option's.
  const WARNINGS = ['WCAG 2.2.1 asks', 'did you mean'];
  const text = (dir) =>
    readdirSync(join(ROOT, dir))
      .filter((file) => file.endsWith('.js') && file != 'session-security.development.js')
      .map((file) => readFileSync(join(ROOT, dir, file), 'utf8'))
      .join('');
  const production = WARNINGS.some((warning) => text('dist').includes(warning));
  const classic = readFileSync(join(ROOT, 'dist/session-security.development.js'), 'utf8');
  const development = WARNINGS.every(
    (warning) => text('dist/development').includes(warning) && classic.includes(warning),
  );
  const ok = !production && development;
  failed ||= !ok;
  console.log(`${ok ? '✓' : '✗'} developer warnings in the development builds only`);
}

const tool = (bin, args) => {
  const ok = spawnSync(join(ROOT, 'node_modules/.bin', bin), args, { stdio: 'inherit', cwd: ROOT }).status === 0;
  console.log(`${ok ? '✓' : '✗'} ${bin}`);
  return ok;
};
if (!tool('publint', ['--strict'])) failed = true;

// A consumer's install: the packed package imported by name in Node, where there is no window:
// importing must have no side effects (server-side rendering).
{
  const consumer = mkdtempSync(join(tmpdir(), 'consumer-'));
  const packed = spawnSync('npm', ['pack', '--pack-destination', consumer], { cwd: ROOT, encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .pop();
  const modules = join(consumer, 'node_modules/session-security');
  spawnSync('mkdir', ['-p', modules]);
  spawnSync('tar', ['xzf', join(consumer, packed), '-C', modules, '--strip-components=1']);
  const script =
    "import { SessionSecurity } from 'session-security'; import * as core from 'session-security/core'; if (typeof SessionSecurity != 'function' || typeof core.SessionSecurity != 'function') process.exit(1);";
  for (const conditions of [[], ['--conditions=development']]) {
    // The development condition picks the development build, and only it.
    const build = `if (import.meta.resolve('session-security').includes('/development/') != ${!!conditions.length}) process.exit(1);`;
    const ok =
      spawnSync('node', [...conditions, '--input-type=module', '-e', script + build], {
        cwd: consumer,
        stdio: 'inherit',
      }).status === 0;
    console.log(`${ok ? '✓' : '✗'} the packed package imports in Node without a window ${conditions.join(' ')}`);
    failed ||= !ok;
  }
  // Imported with and without each feature entry (unused), by name, the default import ships the same.
  const resolveInConsumer = (id) =>
    id.startsWith('session-security') ? createRequire(join(consumer, 'entry.js')).resolve(id) : null;
  const packedImport = "import { SessionSecurity } from 'session-security'; new SessionSecurity({ pingUrl: '/' });";
  const alone = gzip(await bundled(packedImport, undefined, resolveInConsumer));
  for (const name of Object.keys(features)) {
    const code = `import { ${exported(name)} } from 'session-security/${name}'; ${packedImport}`;
    const size = gzip(await bundled(code, undefined, resolveInConsumer));
    const ok = size == alone;
    console.log(
      `${ok ? '✓' : '✗'} the packed package: session-security ${alone} B, beside session-security/${name} ${size} B`,
    );
    failed ||= !ok;
  }
  rmSync(consumer, { recursive: true });
}
if (!tool('attw', ['--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './session-security.css']))
  failed = true;

console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
process.exit(failed ? 1 : 0);
