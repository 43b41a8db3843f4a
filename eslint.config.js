// The linter of `npm test`: typescript-eslint's recommended type-checked rules over the sources
// and the tests (each file type-checked with the tsconfig.json nearest to it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', '.stryker-tmp/', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A failed ping is thrown as the SDK's PingError (src/ping.ts), a detail without a stack.
      '@typescript-eslint/only-throw-error': ['error', { allow: [{ from: 'file', name: 'PingError' }] }],
    },
  },
);
