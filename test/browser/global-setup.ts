// One browser for the whole run of an engine driven by playwright-core, which each test file
// connects to: launching one per file took seconds of each file (Firefox's start most of all).
import type { TestProject } from 'vitest/node';
import { ENGINE, launchServer } from '../../scripts/browsers.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The endpoint of the run's browser: see `launchBrowser` in ./harness. */
    browserEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (ENGINE == 'webkit') return;
  const server = await launchServer(ENGINE);
  project.provide('browserEndpoint', server.wsEndpoint());
  return () => server.close();
}
