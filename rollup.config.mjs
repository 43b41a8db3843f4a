import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
const entries = { ...defaults, ...features };
const classic = { format: 'iife', name: 'SessionSecurity', exports: 'default' };

/**
 * The default entries' chunks, whatever features exist: the full SDK's own modules in its entry,
 * what it shares with `session-security/core` in `engine.js`. A feature imports from them and
 * never moves a module of theirs into a chunk of its own, so what they ship is the same with or
 * without the features.
 */
const FULL_SDK = /\/src\/(session-security|with-dialog|http-ping|form-guard|dialog\/\w+)\.ts$/;
const CORE = /\/src\/(core|core-engine)\.ts$/;
export function manualChunks(id) {
  if (!id.includes('/src/') || CORE.test(id) || Object.values(features).some((entry) => id.endsWith('/' + entry)))
    return;
  return FULL_SDK.test(id) ? 'with-dialog' : 'engine';
}

export default [
  {
    input: entries,
    output: { dir: 'dist', format: 'es', chunkFileNames: '[name].js', manualChunks },
    plugins: [production, ts(true), stylesheet],
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
    plugins: [production, ts(false), minify],
  },
  {
    // The classic script for development: unminified, with the developer warnings.
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.development.js', ...classic },
    plugins: [ts(false)],
  },
];
