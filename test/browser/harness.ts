// What every real-browser test needs: a browser of the engine under test (`ENGINE`: chromium or
// firefox; WebKit has its own suite in test/webkit/), tabs that share one browser profile, and a
// loopback server for dist/ and the test's own pages. The tests of a file run concurrently, each
// in browser contexts of its own (`newContext`), which the server tells apart (`profileOf`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  firefox,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createDemoServer } from '../../demo/server.mjs';
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
 * The browser of `ENGINE` (scripts/browsers.mjs): a connection to the run's browser (see
 * ./global-setup.ts), whose `close()` closes its contexts and disconnects; or, with `media`
 * preferences for the whole browser where the engine cannot emulate them per context (Firefox),
 * a browser of its own.
 */
export async function launchBrowser(media?: Media): Promise<Browser> {
  assertBuilt();
  if (ENGINE == 'webkit')
    throw new Error('playwright-core does not drive WebKitGTK: the WebKit tests are in test/webkit/.');
  if (media) return launch(ENGINE, media);
  return (ENGINE == 'chromium' ? chromium : firefox).connect(inject('browserEndpoint'));
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/**
 * The browser context a request came from: the `profile` cookie each context of
 * {@link useBrowser}'s `newContext` carries, for a server-side state of each test's own.
 */
export const profileOf = (req: IncomingMessage): string | undefined =>
  /(?:^|;\s*)profile=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];

export interface Served {
  url: string;
  /** Every request the server received (dist/ files excepted), in order, with its {@link profileOf}. */
  requests: { method: string; path: string; query: URLSearchParams; at: number; profile?: string }[];
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
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      at: Date.now(),
      profile: profileOf(req),
    });
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

/** A test's opener of browser contexts, closed when it finishes: see {@link useBrowser}. */
export type NewContext = (options?: BrowserContextOptions) => Promise<BrowserContext>;

/** The number of browser contexts opened so far: the last profile given. */
let profileCount = 0;

/**
 * A test file's bed: a browser and, given `routes`, a server of them for all its tests, and its
 * `it`, whose tests get `newContext`: it opens a browser context (one browser profile, its own
 * tabs, storage, BroadcastChannel and cookies) that is closed when the test finishes, so that
 * tests can run concurrently (`describe.concurrent`). Each context carries a `profile` cookie for
 * 127.0.0.1 (cookies ignore the port): {@link profileOf} on the server, `bed.requests(context)` in
 * the test.
 */
export function useBrowser(routes?: Record<string, string | Handler>) {
  const profiles = new WeakMap<BrowserContext, string>();
  const bed = {
    browser: undefined as unknown as Browser,
    server: undefined as unknown as Served,
    /** The profile of `context`, as {@link profileOf} reads it on the server. */
    profile: (context: BrowserContext): string => profiles.get(context)!,
    /** The requests the server received from the pages of `context`, in order. */
    requests: (context: BrowserContext) => bed.server.requests.filter((r) => r.profile == profiles.get(context)),
  };
  beforeAll(async () => {
    bed.browser = await launchBrowser();
    if (routes) bed.server = await serve(routes);
  });
  afterAll(async () => {
    await bed.browser?.close();
    await bed.server?.close();
  });
  const it = test.extend('newContext', ({ onTestFinished }) => {
    const contexts: BrowserContext[] = [];
    const ownBrowsers: Browser[] = [];
    onTestFinished(async () => {
      await Promise.all(contexts.map((context) => context.close()));
      await Promise.all(ownBrowsers.map((browser) => browser.close()));
    });
    const newContext: NewContext = async (options) => {
      let browser = bed.browser;
      // Firefox over BiDi ignores a context's colour scheme and reduced motion: a browser of its
      // own, launched with them as preferences, serves such a context.
      if (ENGINE == 'firefox' && (options?.colorScheme || options?.reducedMotion)) {
        browser = await launchBrowser(options);
        ownBrowsers.push(browser);
      }
      const context = await browser.newContext(options);
      contexts.push(context);
      const profile = String(++profileCount);
      profiles.set(context, profile);
      await context.addCookies([{ name: 'profile', value: profile, domain: '127.0.0.1', path: '/' }]);
      return context;
    };
    return newContext;
  });
  return { bed, it };
}

/**
 * Stops the clock of `context`'s pages (Playwright's fake `Date`, `performance` and timers) before
 * any of them opens: what a test waits for (a warning, an expiry) comes when {@link runFor} moves
 * the clock there, however long the machine takes to open the pages, click or type. Real time is
 * for what depends on it: latencies between tabs, a real server's clock. Resolves with the time
 * the clock stands at.
 */
export async function stopClock(context: BrowserContext, at = Date.now()): Promise<number> {
  await context.clock.install({ time: at });
  await context.clock.pauseAt(at + 1000);
  // Where it stands: the pages' `Date.now()` until the clock moves.
  return at + 1000;
}

/**
 * Moves the stopped clock of `tab`'s context (see {@link stopClock}) `ms` forward, firing the timers
 * due, `step` ms at a time: between steps, what the page awaits in real time (a Web Lock, a ping's
 * answer) can settle, as it would between two timers.
 */
export async function runFor(tab: Page, ms: number, step = 100): Promise<void> {
  for (let done = 0; done < ms; done += step) await tab.clock.runFor(Math.min(step, ms - done));
}

/**
 * Hides `tab` behind another, or shows it, as the browser tells the page: headless Chromium shows
 * every tab (no `bringToFront()`, no minimized window hides one), so the page's own visibility is
 * set, and `visibilitychange` fired, as a tab strip would.
 */
export const setHidden = (tab: Page, hidden: boolean) =>
  tab.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's violations in `tab`, each as its rule and the markup it found, on a page whose clock
 * is stopped (see {@link stopClock}): axe-core waits for a timer (0 ms) after each rule, so the
 * clock moves a millisecond at a time until the audit is done, far from any warning.
 */
export async function axeViolations(tab: Page): Promise<string[]> {
  if (!(await tab.evaluate(() => 'axe' in window))) await tab.addScriptTag({ path: AXE });
  const audited = tab.evaluate(async () => {
    const { violations } = await (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }
    ).axe.run();
    return violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(', ')}`);
  });
  let done = false;
  void audited.finally(() => (done = true)).catch(() => {});
  while (!done) await tab.clock.runFor(1);
  return audited;
}

/**
 * A test file's browser and demo server (demo/server.mjs) with these timeouts, in seconds; its
 * `signIn` signs a browser context in as the demo's user, whose next page is `next`.
 */
export function useDemo(timeouts: { warnAfter: number; expireAfter: number }) {
  const bed = {
    browser: undefined as unknown as Browser,
    demo: undefined as unknown as Awaited<ReturnType<typeof createDemoServer>>,
    async signIn(context: BrowserContext, next: string): Promise<void> {
      const answer = await context.request.post(`${bed.demo.url}/login/`, {
        form: { username: 'ada', password: 'secret', next },
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(302);
    },
  };
  beforeAll(async () => {
    bed.browser = await launchBrowser();
    bed.demo = await createDemoServer({ port: 0, ...timeouts });
  });
  afterAll(async () => {
    await bed.browser?.close();
    await bed.demo?.close();
  });
  return bed;
}
