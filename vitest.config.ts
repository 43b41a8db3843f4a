import { defineConfig } from 'vitest/config';
import { ENGINE } from './scripts/browsers.mjs';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'types',
          // Type tests (expectTypeOf): checked by the compiler, never run.
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: 'test/tsconfig.json',
          },
        },
      },
      {
        test: {
          name: 'browser',
          // Node drives a real browser against the built dist/, of the engine ENGINE names:
          // Chromium (the default) and Firefox through playwright-core, WebKitGTK through its
          // WebDriver server with a suite of its own. `npm test` runs the project once per engine.
          environment: 'node',
          include:
            ENGINE == 'webkit'
              ? ['test/webkit/**/*.test.ts']
              : ['test/browser/**/*.test.ts', 'test/django/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One file at a time: each launches a browser and real servers, and timing assertions
          // need the two cores of the test machine to themselves.
          fileParallelism: false,
        },
      },
    ],
  },
});
