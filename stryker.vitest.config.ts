// The unit project alone, for StrykerJS (stryker.config.mjs): the browser and Django suites run
// against dist/, which a mutant of src/ never reaches.
import { defineConfig } from 'vitest/config';
import config from './vitest.config';

export default defineConfig({
  test: {
    projects: config.test!.projects!.filter((project) => (project as { test: { name: string } }).test.name == 'unit'),
  },
});
