import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';

const ts = (declarations) =>
  typescript({
    noEmit: false,
    declaration: declarations,
    // The classic script's own modules have no place in the ES package's types.
    ...(declarations
      ? { declarationDir: 'dist', exclude: ['src/browser.ts', 'src/auto-start.ts', 'src/legacy.ts'] }
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

export default [
  {
    input: { 'session-security': 'src/session-security.ts', core: 'src/core.ts' },
    output: { dir: 'dist', format: 'es', chunkFileNames: 'engine.js' },
    plugins: [ts(true), stylesheet],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.min.js', format: 'iife', name: 'SessionSecurity', exports: 'default' },
    plugins: [ts(false), minify],
  },
];
