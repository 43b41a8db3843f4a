import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { defineConfig, type Plugin } from 'vitest/config';
import { ENGINE } from './scripts/browsers.mjs';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const RECIPES = resolve(ROOT, 'readme') + '/';

/**
 * The README's recipes, run verbatim: `readme:NAME` is the README's code block opened with
 * ```` ```LANG NAME ```` (code hosts show the language and ignore the name), compiled as a file
 * of that name would be; a recipe imports another by its relative path.
 */
const readmeRecipes: Plugin = {
  name: 'readme-recipes',
  enforce: 'pre',
  resolveId(id, importer) {
    if (id.startsWith('readme:')) return RECIPES + id.slice('readme:'.length);
    if (importer?.startsWith(RECIPES) && id.startsWith('.')) return resolve(dirname(importer), id);
  },
  load(id) {
    if (!id.startsWith(RECIPES)) return;
    const name = id.slice(RECIPES.length);
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const code = [...readme.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)].find((block) => block[1] == name)?.[2];
    if (code === undefined) throw new Error(`README.md has no recipe opened with \`\`\`LANG ${name}`);
    // Svelte components go through Svelte's own compiler, as its bundler plugins do.
    return name.endsWith('.svelte') ? compile(code, { filename: name, generate: 'client' }).js : code;
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [readmeRecipes],
        resolve: {
          alias: [
            // The recipes import the package by name, as an app does: here, its source.
            { find: /^session-security$/, replacement: resolve(ROOT, 'src/session-security.ts') },
            { find: /^session-security\/core$/, replacement: resolve(ROOT, 'src/core.ts') },
            // Svelte's browser build: its default one is for servers, where components do not mount.
            { find: /^svelte$/, replacement: resolve(ROOT, 'node_modules/svelte/src/index-client.js') },
          ],
        },
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
          // What only Chromium's DevTools protocol can drive (freezing a page) runs in Chromium.
          exclude: ENGINE == 'chromium' ? [] : ['**/*.chromium.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A poll waits for what the machine does in real time (a Web Lock granted, an answer
          // fetched, under a stopped clock too): a second is not enough on a loaded machine. The
          // product's bounds are asserted on timestamps, never by a poll's timeout.
          expect: { poll: { timeout: 5000 } },
          // One file at a time, and at most 4 of its tests at once (`describe.concurrent`, each in
          // browser contexts of its own): the timing assertions hold on two cores at that load.
          // CONCURRENCY=n sets another limit, e.g. 1 to time a suite's tests one at a time.
          // WebKit's tests run one at a time: MiniBrowser windows open side by side in one virtual
          // display hung a test for its whole minute in 2 of 5 runs (87 s in all, one at a time).
          fileParallelism: false,
          maxConcurrency: Number(process.env.CONCURRENCY) || (ENGINE == 'webkit' ? 1 : 4),
        },
      },
    ],
  },
});
