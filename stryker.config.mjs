// `npm run mutation`: StrykerJS mutates src/ and runs the unit project against each mutant; a
// surviving mutant is a behaviour no test pins down. Too slow for `npm test` (see README).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  mutate: ['src/**/*.ts'],
  // The two cores of the test machine.
  concurrency: 2,
  // The model-based properties take seconds per mutant; a mutant that hangs the engine is killed.
  timeoutMS: 60_000,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
