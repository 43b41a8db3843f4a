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
  {
    // Tests read event details, JSON bodies and asymmetric matchers loosely typed, and write
    // ping functions and expectations the way the SDK's users do.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
