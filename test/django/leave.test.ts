// Whole seconds against the real django-session-security (Debian packages, unmodified): no ping
// reports later activity than the server's last-activity stamp, and leaving the page at the end
// never revives the session. 20 idle expiries at once, each in a browser context of its own. The site warns after
// 5 s and ends the session after 10 s.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../browser/harness';
import { ensureDjango, EXPIRE_AFTER, stampReader, startDjango, USER, type DjangoServer } from './server';

const RUNS = 20;

let browser: Browser;
let server: DjangoServer;

beforeAll(async () => {
  await ensureDjango();
  server = await startDjango();
  browser = await launchBrowser();
  reader = stampReader(server);
});

afterAll(async () => {
  reader?.close();
  await browser?.close();
  await server?.dispose();
});

let reader: ReturnType<typeof stampReader>;
const stamp = (key: string) => reader.stamp(key);

interface Run {
  context: BrowserContext;
  key: string;
  /** The stamp after the page loaded, and after the last ping before the deadline (9 s). */
  loaded: number | null;
  final: Promise<{ stamp: number | null; at: number }>;
  /**
   * Each ping the page sent: when (on its clock, the machine's), when the SDK stamped it leaving,
   * with its idle seconds; and each trusted input.
   */
  pings: () => Promise<{
    pings: SentPing[];
    inputs: Input[];
    navigation: Record<string, number> | null;
    /** When the page was covered. */
    covered: number;
  }>;
  /** When the `expire` event fired, and the stamp its deadline counted from (the SDK's shared record). */
  expired: Promise<{ at: number; base: number }>;
  /** When the page asked to leave (the reload). */
  left: Promise<number>;
  /** Where the browser landed. */
  landed: Promise<string>;
  /** The page's requests, as Playwright heard of them. */
  requests: { url: string; at: number }[];
}

/** A ping as the page sent it, with the SDK's record then: when it stamped the ping leaving, its activity and the server's stamp it knew. */
interface SentPing {
  sent: number;
  pinged: number;
  idleFor: number;
  activity: number;
  server: number;
}

/** A trusted input event, of any type the SDK can count: when, where, its type, and how far a pointer moved. */
interface Input {
  at: number;
  path: string;
  type: string;
  movement?: [number, number];
}

/** Signs in, lands on the page, and watches its end. */
async function idleExpiry(): Promise<Run> {
  const context = await browser.newContext();
  // Kept in sessionStorage: read after the page has left for the login page.
  await context.addInitScript(() => {
    const send = window.fetch;
    window.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input, location.href);
      if (url.pathname == '/session_security/ping/') {
        const sent = JSON.parse(sessionStorage.getItem('pings') ?? '[]') as unknown[];
        // The SDK stamps its record as a ping leaves, then reads its idle time: a busy machine may
        // hold the page's thread tens of milliseconds between that and this call.
        const key = Object.keys(localStorage).find((name) => name.startsWith('session-security:'))!;
        const { pinged, activity, server } = JSON.parse(localStorage.getItem(key)!) as SentPing;
        sent.push({ sent: Date.now(), pinged, activity, server, idleFor: Number(url.searchParams.get('idleFor')) });
        sessionStorage.setItem('pings', JSON.stringify(sent));
      }
      return send(input, init);
    };
    // What the browser reports as the user's (Firefox moves the resting pointer over a new page),
    // of every type the SDK can count (INPUT_EVENT in src/activity.ts).
    for (const type of [
      ...['pointer', 'mouse'].flatMap((device) => ['down', 'up', 'move'].map((what) => device + what)),
      ...['keydown', 'keyup', 'touchstart', 'touchend', 'touchmove', 'wheel', 'click', 'dblclick', 'contextmenu'],
    ])
      addEventListener(
        type,
        (event) => {
          if (!event.isTrusted) return;
          const inputs = JSON.parse(sessionStorage.getItem('inputs') ?? '[]') as Input[];
          const { movementX, movementY } = event as MouseEvent;
          const input: Input = { at: Date.now(), path: location.pathname, type };
          if (movementX !== undefined) input.movement = [movementX, movementY];
          sessionStorage.setItem('inputs', JSON.stringify([...inputs, input]));
        },
        true,
      );
    // The page's navigation on the wall clock, as the SDK reads it to start its idle clock.
    addEventListener('DOMContentLoaded', () => {
      if (location.pathname != '/') return;
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const origin = Date.now() - performance.now();
      const times = Object.fromEntries(
        (['redirectEnd', 'fetchStart', 'requestStart', 'responseStart'] as const).map((name) => [
          name,
          Math.round(origin + entry[name]),
        ]),
      );
      sessionStorage.setItem('navigation', JSON.stringify({ timeOrigin: performance.timeOrigin, ...times }));
    });
    // When the SDK covered the page (its layer, src/leave.ts), as the page's own code saw it.
    new MutationObserver((records) => {
      const added = records.flatMap((record) => [...record.addedNodes]);
      if (
        location.pathname == '/' &&
        !sessionStorage.getItem('covered') &&
        added.some((node) => node instanceof HTMLElement && node.style.zIndex == '2147483647')
      )
        sessionStorage.setItem('covered', String(Date.now()));
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  // As Playwright hears of them, late on a busy machine: when the browser sent a ping, at the latest.
  const requests: { url: string; at: number }[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), at: Date.now() }));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/accounts/login/?next=/`);
  await page.fill('#id_username', USER.username);
  await page.fill('#id_password', USER.password);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]')]);
  let expire!: (end: { at: number; base: number }) => void;
  const expired = new Promise<{ at: number; base: number }>((resolve) => (expire = resolve));
  await page.exposeFunction('expired', expire);
  // The instance itself, watched in the evaluation that finds it: `'sessionSecurity' in window`
  // also holds for the template's `var sessionSecurity` when its constructor threw, and a page may
  // have moved on between two evaluations. A page whose SDK did not start fails with its errors.
  await page
    .waitForFunction(() => {
      const session = (window as unknown as { sessionSecurity?: EventTarget }).sessionSecurity;
      session?.addEventListener('expire', () => {
        const at = Date.now();
        // The deadline counts from the earlier of the last activity and the server's stamp as the
        // browser knows it, both in the record the tabs share.
        const key = Object.keys(localStorage).find((name) => name.startsWith('session-security:'))!;
        const record = JSON.parse(localStorage.getItem(key)!) as { activity: number; server: number };
        const base = Math.min(record.activity, record.server);
        (window as unknown as { expired(end: { at: number; base: number }): void }).expired({ at, base });
      });
      return !!session;
    })
    .catch((error: Error) => {
      throw new Error(`The page's SDK did not start: ${errors.join('; ') || 'no error in the page'}`, { cause: error });
    });
  const left = page
    .waitForRequest((request) => request.isNavigationRequest(), { timeout: 30_000 })
    .then(() => Date.now());
  const landed = page
    .waitForURL(/\/accounts\/login\//, { waitUntil: 'commit', timeout: 30_000 })
    .then(() => new URL(page.url()).pathname);
  // Awaited once all runs are under way; a run that fails first must not leave these unhandled.
  left.catch(() => {});
  landed.catch(() => {});
  const key = (await context.cookies(server.url)).find((cookie) => cookie.name == 'sessionid')!.value;
  const loaded = await stamp(key);
  const final = new Promise((resolve) => setTimeout(resolve, loaded! + EXPIRE_AFTER - 300 - Date.now()))
    .then(() => stamp(key))
    .then((read) => ({ stamp: read, at: Date.now() }));
  const pings = () =>
    page.evaluate(() => ({
      pings: JSON.parse(sessionStorage.getItem('pings') ?? '[]') as SentPing[],
      inputs: JSON.parse(sessionStorage.getItem('inputs') ?? '[]') as Input[],
      navigation: JSON.parse(sessionStorage.getItem('navigation') ?? 'null') as Record<string, number> | null,
      covered: Number(sessionStorage.getItem('covered')),
    }));
  return { context, key, loaded, final, expired, left, landed, pings, requests };
}

describe('a Django page left idle, 20 times at once', () => {
  it(
    'lands on the login page every time: the server ended the session before the page was left, and no ping reported later activity than its stamp',
    { timeout: 120_000 },
    async () => {
      // Signed in four at a time (a sign-in hashes a password, and 20 at once overload the test
      // server's SQLite); idle all at once.
      const runs: Run[] = [];
      while (runs.length < RUNS) runs.push(...(await Promise.all(Array.from({ length: 4 }, idleExpiry))));
      try {
        const results = await Promise.all(
          runs.map(async (run) => ({
            // Read after the page loaded, and again after the final ping (at 9 s): unchanged.
            final: await run.final,
            loaded: run.loaded,
            expired: await run.expired,
            left: await run.left,
            landed: await run.landed,
            requests: run.requests,
            ...(await run.pings()),
          })),
        );
        for (const { loaded, final, expired, left, landed, pings, inputs, navigation, requests, covered } of results) {
          expect(landed).toBe('/accounts/login/');
          // Each ping dates the last activity it reports (when the SDK stamped it leaving, less its
          // idle seconds) no later than the last the page saw or the server's stamp as its answers
          // proved it (the record's `server` as the ping left): the server's stamp of the page's
          // request, an input the browser reported since (Firefox's pointer resting over the new
          // page), or a stamp moved by a ping that reached a busy server more than its rounding
          // late (the server counts the idle seconds from the arrival; with 20 pages at once,
          // Firefox sent a ping 1.5 s after the page's `fetch`). It never moves the stamp further.
          expect(pings.length).toBeGreaterThan(0);
          for (const { pinged, idleFor, server } of pings)
            expect(
              pinged - idleFor * 1000,
              JSON.stringify({ loaded, final, pings, inputs, navigation, requests }),
            ).toBeLessThanOrEqual(
              Math.max(loaded!, server, ...inputs.map(({ at }) => at).filter((at) => at <= pinged)),
            );
          // The browser's deadline is the server's end at the latest (its stamp at 9.7 s, or after
          // the page's load if that read came after the end, plus expireAfter and the 100 ms a
          // request takes to reach it), and at most 1.1 s before the true last activity (the page's
          // request) plus expireAfter.
          const end = (final.stamp ?? loaded!) + EXPIRE_AFTER;
          expect(expired.base + EXPIRE_AFTER).toBeLessThanOrEqual(end + 100);
          expect(expired.base + EXPIRE_AFTER).toBeGreaterThanOrEqual(loaded! + EXPIRE_AFTER - 1100);
          // The page is covered at its deadline, even while the final ping's answer is on its way
          // (a busy server): within 250 ms after the server's end, and at most 1.1 s before the
          // true deadline.
          expect(covered, 'covered within 250 ms after the server ended the session').toBeLessThanOrEqual(end + 250);
          expect(covered).toBeGreaterThanOrEqual(loaded! + EXPIRE_AFTER - 1100);
          // The server's own end came before the browser asked for a page again: the second the
          // page waits after its deadline covers the time the page's own navigation took to reach
          // the server (the stamp is its arrival, the browser's clock starts at its departure).
          expect(end).toBeLessThanOrEqual(left);
        }
        const lags = (pick: (result: (typeof results)[number]) => number) =>
          results
            .map((result) => Math.round((result.final.stamp ?? result.loaded!) + EXPIRE_AFTER - pick(result)))
            .sort((a, b) => a - b);
        for (const [what, values] of [
          ['deadline', lags(({ expired }) => expired.base + EXPIRE_AFTER)],
          ['cover', lags(({ covered }) => covered)],
          ['expire event', lags(({ expired }) => expired.at)],
        ] as const)
          console.log(
            `server's end minus the browser's ${what} over ${RUNS} runs: min ${values[0]} ms, median ${values[RUNS >> 1]} ms, max ${values.at(-1)} ms`,
          );
        // The stamp read again at 9.7 s (null when read only after the page left): moved by a ping
        // that arrived late.
        const moved = results.filter(({ final, loaded }) => final.stamp !== null && final.stamp !== loaded);
        console.log(
          `stamps moved by a ping that reached the server late: ${moved.length} of ${RUNS}`,
          moved.map(({ final, loaded }) => `+${Math.round(final.stamp! - loaded!)} ms`).join(', '),
        );
        // Input on the idle page, which nobody touches: what the browser reported by itself.
        const unbidden = results.flatMap(({ inputs, loaded }) =>
          inputs
            .filter(({ path }) => path == '/')
            .map(({ type, at, movement }) => ({ type, after: Math.round(at - loaded!), movement })),
        );
        console.log(`input the browser reported on the idle pages by itself: ${JSON.stringify(unbidden)}`);
      } finally {
        await Promise.all(runs.map((run) => run.context.close()));
      }
    },
  );
});
