import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const typescriptPlugin = (declarations) =>
  typescript({
    noEmit: false,
    declaration: declarations,
    // The classic script's own modules have no place in the ES package's types.
    ...(declarations
      ? {
          declarationDir: 'dist',
          exclude: ['src/browser.ts', 'src/auto-start.ts', 'src/legacy.ts', 'src/locales/script-tag.ts'],
        }
      : {}),
    outDir: 'dist',
  });

// Production builds: src/development.ts replaced by `DEVELOPMENT = false`, so that rollup drops the
// developer warnings it guards. The development builds keep the module as it is.
const DEVELOPMENT = fileURLToPath(new URL('src/development.ts', import.meta.url));
export const production = {
  name: 'production',
  load: (id) => (id == DEVELOPMENT ? 'export const DEVELOPMENT = false;' : null),
};

// Property names starting with `_` are internal; mangling them is safe and saves bytes. Arrows for
// function expressions are safe too: none of ours is constructed or relies on its prototype.
const minify = terser({
  ecma: 2020,
  compress: { passes: 5, unsafe_arrows: true },
  mangle: { properties: { regex: /^_/ } },
});

// Dialog: writes the dialog's default stylesheet (the string of src/dialog/styles.ts, plain JavaScript)
// as dist/session-security.css, for pages that set `injectStyles: false`.
const stylesheet = {
  name: 'stylesheet',
  async generateBundle() {
    const { STYLES } = await import(
      'data:text/javascript,' + encodeURIComponent(readFileSync('src/dialog/styles.ts', 'utf8'))
    );
    this.emitFile({ type: 'asset', fileName: 'session-security.css', source: STYLES });
  },
};

/** The languages of src/locales/: `session-security/locales/<tag>` and `dist/locales/<tag>.min.js`. */
const LOCALES = readdirSync('src/locales')
  .filter((file) => /^[a-z]{2}(-[A-Za-z]+)?\.ts$/.test(file))
  .map((file) => file.slice(0, -'.ts'.length));

// The classic script's dialog and lifetime warning add the locale its page loaded with a script
// tag: src/dialog/localize.ts is src/locales/script-tag.ts there.
const scriptTagLocales = {
  name: 'script-tag-locales',
  resolveId(source, importer) {
    if (/^\.\/(dialog\/)?localize\.js$/.test(source) && /src\/(dialog\/index|lifetime)\.ts$/.test(importer ?? ''))
      return resolve('src/locales/script-tag.ts');
  },
};

// A locale's classic script: registers it for the classic script's dialog. Compiled without a type
// check (`npx tsc --noEmit` does it) so that each of them takes milliseconds.
const localeScript = (tag) => ({
  name: 'locale-script',
  resolveId: (source, importer) =>
    source == 'locale-script'
      ? '\0locale-script'
      : importer?.endsWith('.ts')
        ? resolve(importer, '..', source.replace(/\.js$/, '.ts'))
        : undefined,
  load: (id) =>
    id == '\0locale-script'
      ? `import locale from ${JSON.stringify(resolve(`src/locales/${tag}.ts`))};
         import { register } from ${JSON.stringify(resolve('src/locales/script-tag.ts'))};
         register(locale);`
      : undefined,
  transform: (code, id) =>
    id.endsWith('.ts')
      ? ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } })
          .outputText
      : undefined,
});

/** The feature entries: each its own, which a page that does not use it never loads. */
export const features = {
  lifetime: 'src/lifetime.ts',
  hold: 'src/hold.ts',
  media: 'src/media.ts',
  'title-countdown': 'src/title-countdown.ts',
  'frame-activity': 'src/frame-activity.ts',
};
/** The default entries: `session-security` and `session-security/core`. */
export const defaults = { 'session-security': 'src/session-security.ts', core: 'src/core.ts' };
/** The ES entries: the package's exports. */
const entries = {
  ...defaults,
  ...features,
  ...Object.fromEntries(LOCALES.map((tag) => [`locales/${tag}`, `src/locales/${tag}.ts`])),
};
const classic = { format: 'iife', name: 'SessionSecurity', exports: 'default' };

/**
 * The default entries' chunks, whatever features exist: the full SDK's own modules in its entry,
 * what it shares with `session-security/core` in `engine.js`. A feature imports from them and
 * never moves a module of theirs into a chunk of its own, so what they ship is the same with or
 * without the features.
 */
const FULL_SDK = /\/src\/(session-security|with-dialog|http-ping|form-guard|dialog\/[\w-]+)\.ts$/;
const CORE = /\/src\/(core|core-engine)\.ts$/;
export function manualChunks(id) {
  const entry = Object.values(features).some((feature) => id.endsWith('/' + feature)) || id.includes('/src/locales/');
  if (!id.includes('/src/') || CORE.test(id) || entry) return;
  return FULL_SDK.test(id) ? 'with-dialog' : 'engine';
}

export default [
  {
    input: entries,
    output: { dir: 'dist', format: 'es', chunkFileNames: '[name].js', manualChunks },
    plugins: [production, typescriptPlugin(true), stylesheet],
  },
  {
    // The `development` export condition: the same entries, with the developer warnings.
    input: entries,
    output: { dir: 'dist/development', format: 'es', chunkFileNames: '[name].js', manualChunks },
    plugins: [typescript({ noEmit: false, outDir: 'dist/development' })],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.min.js', ...classic },
    plugins: [production, scriptTagLocales, typescriptPlugin(false), minify],
  },
  {
    // The classic script for development: unminified, with the developer warnings.
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.development.js', ...classic },
    plugins: [scriptTagLocales, typescriptPlugin(false)],
  },
  // English is built in: `data-lang="en"` is all a page in another language needs.
  ...LOCALES.filter((tag) => tag != 'en').map((tag) => ({
    input: 'locale-script',
    output: { file: `dist/locales/${tag}.min.js`, format: 'iife' },
    plugins: [localeScript(tag), minify],
  })),
];
