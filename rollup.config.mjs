import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const ts = (declarations) =>
  typescript({
    noEmit: false,
    declaration: declarations,
    ...(declarations ? { declarationDir: 'dist' } : {}),
    outDir: 'dist',
  });

// Property names starting with `_` are internal; mangling them is safe and saves bytes.
const minify = terser({ ecma: 2020, compress: { passes: 2 }, mangle: { properties: { regex: /^_/ } } });

export default [
  {
    input: { 'session-security': 'src/session-security.ts', core: 'src/core.ts' },
    output: { dir: 'dist', format: 'es' },
    plugins: [ts(true)],
  },
  {
    input: 'src/browser.ts',
    output: { file: 'dist/session-security.min.js', format: 'iife', name: 'SessionSecurity', exports: 'default' },
    plugins: [ts(false), minify],
  },
];
