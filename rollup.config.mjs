import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

// The classic script's dialog adds the locale its page loaded with a script tag: src/dialog/localize.ts
// is src/locales/script-tag.ts there.
const scriptTagLocales = {
  name: 'script-tag-locales',
  resolveId(source, importer) {
    if (source == './localize.js' && importer?.endsWith('src/dialog/index.ts'))
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

export default [
  {
    input: {
      'session-security': 'src/session-security.ts',
      core: 'src/core.ts',
      ...Object.fromEntries(LOCALES.map((tag) => [`locales/${tag}`, `src/locales/${tag}.ts`])),
    },
    output: { dir: 'dist', format: 'es', chunkFileNames: 'engine.js' },
    plugins: [typescriptPlugin(true), stylesheet],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.min.js', format: 'iife', name: 'SessionSecurity', exports: 'default' },
    plugins: [scriptTagLocales, typescriptPlugin(false), minify],
  },
  // English is built in: `data-lang="en"` is all a page in another language needs.
  ...LOCALES.filter((tag) => tag != 'en').map((tag) => ({
    input: 'locale-script',
    output: { file: `dist/locales/${tag}.min.js`, format: 'iife' },
    plugins: [localeScript(tag), minify],
  })),
];
