// The unit project alone, for StrykerJS (stryker.config.mjs): the browser and Django suites run
// against dist/, which a mutant of src/ never reaches.
import { defineConfig } from 'vitest/config';
import config from './vitest.config';

// Each mutant runs the model-based properties with fewer runs than `npm test` (60 a property):
// enough to kill what they kill, at a cost a thousand mutants can afford on two cores.
process.env.PROPERTY_RUNS ??= '5';

export default defineConfig({
  test: {
    projects: config.test!.projects!.filter((project) => (project as { test: { name: string } }).test.name == 'unit'),
  },
});
