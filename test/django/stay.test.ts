// "Stay signed in" in the last seconds of the warning, against the real django-session-security
// and its whole seconds: the countdown shows only time the server grants, so an answer while it
// shows time keeps the session; and the idle clock starts at the request the server counted. Both packages' templates (2.6 from Debian,
// continued 3.0 under a strict CSP); warn after 5 s, end after 10 s. The last activity falls at a
// random fraction of a second: the seed is printed, and SEED=<n> replays a run.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../browser/harness';
import { sleepUntil, waitFor, watch } from './page';
import {
  ensureDjango,
  EXPIRE_AFTER,
  serverIdle,
  stampReader,
  startDjango,
  USER,
  WARN_AFTER,
  type DjangoServer,
} from './server';

const SEED = Number(process.env.SEED ?? Date.now() % 1_000_000);
/**
 * Trials at once per site (two sites at once): a trial mostly waits for the server's clock, and
 * a press the machine delivers late is drawn again, so 20 trials take four rounds.
 */
const AT_ONCE = 5;

const SITES = [
  { name: 'django-session-security 2.6', settings: 'project.settings' },
  { name: 'django-session-security-continued 3.0 under a strict CSP', settings: 'project.continued' },
];

let browser: Browser;
const servers = new Map<string, DjangoServer>();
const readers = new Map<DjangoServer, ReturnType<typeof stampReader>>();

beforeAll(async () => {
  await ensureDjango();
  const starting = SITES.map(async (site) => void servers.set(site.settings, await startDjango(site.settings)));
  browser = await launchBrowser();
  await Promise.all(starting);
  for (const server of servers.values()) readers.set(server, stampReader(server));
});

afterAll(async () => {
  for (const reader of readers.values()) reader.close();
  await browser?.close();
  for (const server of servers.values()) await server.dispose();
});

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `tasks` with at most `limit` at once, in order. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Sign-ins one at a time per server: its SQLite database takes one writer at a time. */
const signingIn = new Map<DjangoServer, Promise<unknown>>();

/**
 * Signs in through the login form, landing on `next`: in `tab`, left as a browser that never
 * signed in (no cookies, no storage), else in a new browser context. A trial reuses its tab: each
 * new context starts browser processes, seconds of CPU that made the server answer the pings of
 * the other trials' last moments late.
 */
function signIn(server: DjangoServer, next = '/', tab?: Page) {
  const turn = (signingIn.get(server) ?? Promise.resolve()).then(() => signInNow(server, next, tab));
  signingIn.set(
    server,
    turn.catch(() => {}),
  );
  return turn;
}

async function signInNow(server: DjangoServer, next: string, reused?: Page) {
  const tab = reused ?? (await (await browser.newContext()).newPage());
  if (reused) {
    // Left first: the previous page's SDK must not write again once its storage is cleared.
    await tab.goto('about:blank');
    await tab.context().clearCookies();
  }
  await tab.goto(`${server.url}/accounts/login/?next=${next}`);
  await tab.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await tab.fill('#id_username', USER.username);
  await tab.fill('#id_password', USER.password);
  await Promise.all([tab.waitForURL(server.url + '/', { timeout: 15_000 }), tab.click('button[type=submit]')]);
  return { context: tab.context(), tab };
}

describe.concurrent.each(SITES)('$name', (site) => {
  const server = () => servers.get(site.settings)!;

  it(
    `"Stay signed in" with 1.8, 1.2, 0.6 and 0.3 s left keeps the session, whatever the fraction of a second of the last activity (seed ${SEED})`,
    { timeout: 240_000 },
    async () => {
      const next = random(SEED + site.settings.length);
      const trial = async (reused: Page, left: number, fraction: number) => {
        const { tab } = await signIn(server(), '/', reused);
        const seen = await watch(tab, EXPIRE_AFTER);
        await new Promise((r) => setTimeout(r, 300 + fraction * 1000));
        await tab.mouse.move(20, 20);
        await tab.mouse.move(60, 80);
        const { deadline } = await waitFor(seen, (s) => !!s.deadline, EXPIRE_AFTER + 5000);
        expect(deadline, 'the warning showed').toBeDefined();
        // Aimed 80 ms early: the key takes about that long to reach the page on a busy machine.
        await sleepUntil(deadline! - left - 80);
        // The user's answer: a key (the package's markup has no button; any input keeps the session).
        await tab.keyboard.press('x');
        // The deadline the countdown counted to when the key came (an answer of the final ping may
        // have moved it later since it was read).
        const { input: pressed, deadline: shown } = await seen();
        await sleepUntil(shown! + 1500);
        const after = await seen();
        const idle = await serverIdle(tab.context(), server());
        // The key's report, as the server received it: after its end (its stamp then plus
        // expireAfter), "logout" was the server's only answer.
        const report = after.pings.find(({ sent }) => sent >= pressed!);
        const serverEnd = report?.stamp === undefined ? undefined : report.stamp + EXPIRE_AFTER;
        return {
          left,
          fraction: +fraction.toFixed(3),
          leftAtPress: Math.round(shown! - pressed!),
          // From the report's departure and its arrival to the server's end: negative, it came too late.
          reportLeft: serverEnd === undefined ? null : Math.round(serverEnd - report!.sent),
          reportArrived: serverEnd === undefined ? null : Math.round(serverEnd - report!.arrived!),
          ended: after.expired !== undefined && { reason: after.reason, sincePress: after.expired - pressed! },
          disagreements: after.disagreements,
          serverIdle: idle,
          sincePress: Date.now() - pressed!,
          // The page's pings, from the key: when each left and was answered, its idle seconds and answer.
          pings: after.pings.map(({ sent, idleFor, answered, answer }) => [
            Math.round(sent - pressed!),
            idleFor,
            answered && Math.round(answered - pressed!),
            answer,
          ]),
        };
      };
      // Five presses at each moment. The product's promise is that activity while the dialog shows
      // at least 300 ms keeps the session, on a machine that delivers the report in that time
      // (README, Known limits): a press this busy machine delivered with less time left, or whose
      // report it delivered after the server's end, says nothing of it, and another trial is drawn
      // in its place (at most 10 more in all). The report still left before that end.
      const LEFT = [1800, 1200, 600, 300];
      const wanted = LEFT.flatMap((left) => Array<number>(5).fill(left));
      const results: Awaited<ReturnType<typeof trial>>[] = [];
      const late: Awaited<ReturnType<typeof trial>>[] = [];
      await pool(
        Array.from({ length: AT_ONCE }, () => async () => {
          const tab = await (await browser.newContext()).newPage();
          try {
            for (let left = wanted.shift(); left !== undefined; left = wanted.shift()) {
              const result = await trial(tab, left, next());
              const deliveredLate = result.reportArrived !== null && result.reportArrived <= 0;
              if (result.leftAtPress >= 300 && !deliveredLate) results.push(result);
              else if (late.push(result) <= 10) wanted.push(left);
            }
          } finally {
            await tab.context().close();
          }
        }),
        AT_ONCE,
      );
      console.log(`${site.name}, seed ${SEED}:`, JSON.stringify(results), 'late:', JSON.stringify(late));
      expect(results.length, 'trials whose press came with at least 300 ms left').toBe(20);
      for (const result of [...results, ...late.filter(({ leftAtPress }) => leftAtPress >= 300)])
        expect(result.reportLeft, `the report left before the server's end: ${JSON.stringify(result)}`).toBeGreaterThan(
          0,
        );
      for (const result of results) {
        expect(result.disagreements, 'the countdown showed the deadline the SDK counted to').toEqual([]);
        expect(result.ended, JSON.stringify(result)).toBe(false);
        expect(result.serverIdle, JSON.stringify(result)).toBeTypeOf('number');
        // The press reached the server: reported rounded up, it is dated up to a second early.
        expect(result.serverIdle as number, JSON.stringify(result)).toBeLessThanOrEqual(
          Math.ceil(result.sincePress / 1000) + 1,
        );
      }
    },
  );

  // Its sign-in may wait for the trials' (one at a time per server): not part of what it measures.
  it(
    'after a sign-in through redirects that take 2 s, warns and ends warnAfter and expireAfter after the final page was requested',
    { timeout: 120_000 },
    async () => {
      const { context, tab } = await signIn(server(), '/slow/2/');
      try {
        // The final request as the server stamped it when it arrived (each hop was stamped too).
        const key = (await context.cookies(server().url)).find((cookie) => cookie.name == 'sessionid')!.value;
        const reader = readers.get(server())!;
        const stamped = (await reader.stamp(key))!;
        const seen = await watch(tab, EXPIRE_AFTER);
        // The stamp again after the final ping (at 9 s): a ping that reached a busy server more than
        // its rounding late moved it by the delay (README, Known limits), and the end with it.
        const final = sleepUntil(stamped + EXPIRE_AFTER - 300).then(() => reader.stamp(key));
        // How the page's navigation went: the final request as the browser began it (`fetchStart`,
        // after the redirects), on the page's clock as the SDK reads it.
        const navigation = await tab.evaluate(() => {
          const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const { redirectCount, redirectStart, redirectEnd, fetchStart, requestStart } = entry;
          return {
            requested: Date.now() - performance.now() + fetchStart,
            timeOrigin: performance.timeOrigin,
            redirectCount,
            redirectStart,
            redirectEnd,
            fetchStart,
            requestStart,
          };
        });
        const { requested } = navigation;
        const { warned, expired, deadline, reason, pings } = await waitFor(
          seen,
          (s) => !!s.expired,
          EXPIRE_AFTER + 5000,
        );
        const moved = (await final) ?? stamped;
        const moments = JSON.stringify({ stamped, moved, warned, expired, deadline, reason, pings, navigation });
        // The idle clock starts at the final request, not the first: each ping reports the time since
        // it, rounded up (its answers correct a wrong start only to the whole second).
        expect(pings.length, moments).toBeGreaterThan(0);
        for (const { sent, idleFor } of pings)
          expect(sent - idleFor * 1000, moments).toBeGreaterThanOrEqual(requested - 1100);
        // From the final request, not the first: the warning and the end come warnAfter and
        // expireAfter after the browser began it (± 0.3 s: a timer's lateness on a busy machine;
        // the server stamps its arrival, which a busy browser delayed 300 ms past its start in CI).
        expect(Math.abs(warned! - (requested + WARN_AFTER)), moments).toBeLessThanOrEqual(300);
        expect(expired! - (requested + EXPIRE_AFTER), moments).toBeGreaterThanOrEqual(-300);
        // Never after the server's end: its stamp of that request's arrival, or as a ping that
        // reached it late moved it; the deadline the countdown counted to, within a request's way.
        expect(deadline! - (moved + EXPIRE_AFTER), moments).toBeLessThanOrEqual(100);
        expect(expired! - (moved + EXPIRE_AFTER), moments).toBeLessThanOrEqual(300);
      } finally {
        await context.close();
      }
    },
  );
});
