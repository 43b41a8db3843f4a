// What every real-browser test needs: a browser of the engine under test (`ENGINE`: chromium or
// firefox; WebKit has its own suite in test/webkit/), tabs that share one browser profile, and a
// loopback server for dist/ and the test's own pages.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ENGINE, ENGINE_NAMES, launch } from '../../scripts/browsers.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = resolve(ROOT, 'dist');

export { ENGINE };
/** "Chromium", "Firefox": for the names of tests that say where they run. */
export const ENGINE_NAME = ENGINE_NAMES[ENGINE];

type Media = Pick<BrowserContextOptions, 'colorScheme' | 'reducedMotion'>;

/** An unbuilt dist/ fails the test with the fix, never skips it. */
export function assertBuilt(): void {
  if (!existsSync(resolve(DIST, 'session-security.min.js')))
    throw new Error('dist/ is not built: run `npx rollup -c` first.');
}

/**
 * Launches the browser of `ENGINE` (scripts/browsers.mjs), with `media` preferences for the whole
 * browser where the engine cannot emulate them per context (Firefox).
 */
export async function launchBrowser(media?: Media): Promise<Browser> {
  assertBuilt();
  if (ENGINE == 'webkit')
    throw new Error('playwright-core does not drive WebKitGTK: the WebKit tests are in test/webkit/.');
  return launch(ENGINE, media);
}

/** `count` pages of one browser context: tabs sharing cookies, localStorage and BroadcastChannel. */
export async function openTabs(
  browser: Browser,
  count: number,
  url?: string,
): Promise<{ context: BrowserContext; tabs: Page[] }> {
  const context = await browser.newContext();
  const tabs: Page[] = [];
  for (let i = 0; i < count; i++) {
    const tab = await context.newPage();
    if (url) await tab.goto(url);
    tabs.push(tab);
  }
  return { context, tabs };
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface Served {
  url: string;
  /** Every request the server received (dist/ files excepted), in order. */
  requests: { method: string; path: string; query: URLSearchParams; at: number }[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/**
 * Serves dist/ under /dist/ and the given routes: a string is an HTML page, a function handles the
 * request itself (a ping endpoint, headers such as a CSP).
 */
export async function serve(routes: Record<string, string | Handler>): Promise<Served> {
  const requests: Served['requests'] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/dist/')) {
      const file = resolve(DIST, url.pathname.slice('/dist/'.length));
      const body = file.startsWith(DIST + sep) ? await readFile(file).catch(() => undefined) : undefined;
      res.writeHead(body ? 200 : 404, {
        'Content-Type': TYPES[extname(file)] ?? 'text/plain',
        'Cache-Control': 'no-store',
      });
      return res.end(body);
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, at: Date.now() });
    const route = routes[url.pathname];
    if (typeof route == 'function') return route(req, res, url);
    res.writeHead(route === undefined ? 404 : 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(route ?? 'Not found');
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Answers a ping route with a JSON value (a number of idle seconds or "logout"). */
export const json =
  (answer: (url: URL) => unknown): Handler =>
  (_req, res, url) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(answer(url)));
  };

/** A minimal HTML document around `body`. */
export const page = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>test</title>${head}</head><body>${body}</body></html>`;

/**
 * A test file's bed: a browser and a server of `routes` for all its tests, and browser contexts
 * (one browser profile each) that are closed after the test that opened them.
 */
export function useBrowser(routes: Record<string, string | Handler>) {
  let contexts: BrowserContext[] = [];
  let ownBrowsers: Browser[] = [];
  const bed = {
    browser: undefined as unknown as Browser,
    server: undefined as unknown as Served,
    async context(options?: BrowserContextOptions): Promise<BrowserContext> {
      let browser = bed.browser;
      // Firefox over BiDi ignores a context's colour scheme and reduced motion: a browser of its
      // own, launched with them as preferences, serves such a context.
      if (ENGINE == 'firefox' && (options?.colorScheme || options?.reducedMotion)) {
        browser = await launchBrowser(options);
        ownBrowsers.push(browser);
      }
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
  };
  beforeAll(async () => {
    bed.browser = await launchBrowser();
    bed.server = await serve(routes);
  });
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await Promise.all(ownBrowsers.map((browser) => browser.close()));
    contexts = [];
    ownBrowsers = [];
  });
  afterAll(async () => {
    await bed.browser?.close();
    await bed.server?.close();
  });
  return bed;
}
