// Package checks of `npm test`: the gzipped size budgets, publint, and @arethetypeswrong/cli.
// Bytes are deterministic, so the budget is a test; speed lives in `npm run bench`.
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const gzip = (code) => gzipSync(code, { level: 9 }).length;

/** What a bundler ships for `code` importing from dist/: tree-shaken and minified. */
async function bundled(code) {
  const dir = mkdtempSync(join(tmpdir(), 'size-'));
  const input = join(dir, 'entry.js');
  writeFileSync(input, code.replaceAll('DIST', join(ROOT, 'dist')));
  const bundle = await rollup({ input, plugins: [terser({ ecma: 2020, compress: { passes: 2 } })], onwarn() {} });
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
    7490,
    7490,
  ],
  [
    'ES import with the dialog',
    () => bundled("import { SessionSecurity } from 'DIST/session-security.js'; new SessionSecurity({ pingUrl: '/' });"),
    6417,
    6420,
  ],
  [
    'ES import of the engine alone (engine, ping, tabs)',
    () => bundled("import { SessionSecurity } from 'DIST/core.js'; new SessionSecurity({ pingUrl: '/' });"),
    4343,
    4379,
  ],
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
  ["a language's classic script, the largest (" + largest(1)[0] + ')', () => largest(1)[1], 900, 1000],
  ['a language in the ES import, over English, the largest (' + largest(2)[0] + ')', () => largest(2)[2], 450, 500],
);

let failed = false;
for (const [name, code, ceiling, budget] of budgets) {
  const measured = await code();
  const size = typeof measured == 'number' ? measured : gzip(measured);
  const ok = size <= ceiling && size <= budget;
  failed ||= !ok;
  console.log(`${ok ? '✓' : '✗'} ${name}: ${size} B gzipped (ceiling ${ceiling} B, budget ${budget} B)`);
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
  const ok = spawnSync('node', ['--input-type=module', '-e', script], { cwd: consumer, stdio: 'inherit' }).status === 0;
  console.log(`${ok ? '✓' : '✗'} the packed package imports in Node without a window`);
  failed ||= !ok;
  rmSync(consumer, { recursive: true });
}
if (!tool('attw', ['--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './session-security.css']))
  failed = true;

console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
process.exit(failed ? 1 : 0);
