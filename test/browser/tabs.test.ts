import type { IncomingMessage } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { describe } from 'vitest';
import { type Handler, json, type NewContext, page, profileOf, stopClock, useBrowser } from './harness';

// warn 3 s, expire 6 s: the idle check pings 90 ms before 2 s of idle time, the final one 90 ms
// before 5 s (100 ms earlier still without Web Locks, the claim's wait).
const SDK = `<script src="/dist/session-security.min.js" data-ping-url="/ping/" data-warn-after="3" data-expire-after="6" data-return-to-url="/bye/" data-logout-url="/logout/"></script>
<script>
  window.seen = [];
  for (const type of ['warn', 'resume', 'activity', 'expire']) sessionSecurity.addEventListener(type, (e) => seen.push({ type, at: Date.now(), ...(type == 'error' && { reason: e.detail.reason }) }));
</script>`;

type Seen = { type: string; at: number }[];
const seen = (tab: Page) => tab.evaluate(() => (window as unknown as { seen: Seen }).seen);
const state = (tab: Page) =>
  tab.evaluate(() => (window as unknown as { sessionSecurity: { state: string } }).sessionSecurity.state);
/**
 * When the page of `tab` saw a press end the warning, after `since`: the SDK's reaction is timed
 * from there, as Playwright's way to the button or key takes longer on a busy machine.
 */
const resumedAt = async (tab: Page, since: number) =>
  (await seen(tab)).find((e) => e.type == 'resume' && e.at >= since)!.at;

/**
 * A ping the slow endpoint holds: answered after 800 ms, or at once by `answer()`; the final one
 * (idle 6 s or more) and the next are held until `answer()`. When, in `answered`.
 */
interface Held {
  idleFor: number;
  answer(): void;
  answered?: number;
}
/** The pings the slow endpoint received from each browser (profileOf), in order. */
const held = new Map<string | undefined, Held[]>();

/** The server's last-activity stamp of each browser (profileOf): each test's session is its own. */
const stamps = new Map<string | undefined, number>();

/** The server's clock for each browser (profileOf): the real one, or its pages' stopped clock (see `stopped`). */
const clocks = new Map<string | undefined, () => number>();
/**
 * The server's time for a request: the time its page sent it (`x-page-time`, see `dated`), as a
 * server on the loopback answers in the millisecond it was sent, however busy the machine; for a
 * navigation, the server's clock.
 */
const timeOf = (req: IncomingMessage) =>
  Number(req.headers['x-page-time']) || (clocks.get(profileOf(req)) ?? Date.now)();

/**
 * Has the requests of `context`'s pages carry the time their page sent them (`x-page-time`, on
 * the page's clock), and counts those still unanswered (`window.requests`, see `settled`).
 */
const dated = (context: BrowserContext) =>
  context.addInitScript(() => {
    const send = window.fetch;
    const page = window as unknown as { requests: number };
    page.requests = 0;
    window.fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('x-page-time', String(Date.now()));
      page.requests++;
      return send(input, { ...init, headers }).finally(() => page.requests--);
    };
  });

/** django-session-security's merge: logs out on its own clock, keeps the smaller idle time. */
const merge = (req: IncomingMessage, url: URL, expireAfter = 6000) => {
  const profile = profileOf(req);
  const stamp = stamps.get(profile);
  const now = timeOf(req);
  if (stamp === undefined || now - stamp >= expireAfter) return (stamps.delete(profile), 'logout');
  const idle = Math.max(0, Number.parseInt(url.searchParams.get('idleFor') ?? '', 10) || 0);
  stamps.set(profile, Math.max(stamp, now - idle * 1000));
  // A page the server served after this ping left (a tab still loading on a busy machine) stamps
  // later than the ping's time: a server answers it after that page, 0 idle seconds, never less.
  return Math.max(0, Math.floor((now - stamps.get(profile)!) / 1000));
};

/** A page of the SDK (the `SDK` tag with other times), stamping the server's session when served. */
const app =
  (sdk: string, body = '<p>Confidential</p><a id="out" href="/logout/">Sign out</a>'): Handler =>
  (req, res) => {
    stamps.set(profileOf(req), timeOf(req));
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page(body, sdk));
  };

/**
 * Warning after 5 s: activity recorded once a second is reported 0.91 s after it, and the answer
 * dates the server's stamp 1.09 s before the report left, so a warning after 3 s comes in the
 * very millisecond the next report leaves, however busy the user: 5 s leaves room.
 */
const BUSY = SDK.replace('data-warn-after="3" data-expire-after="6"', 'data-warn-after="5" data-expire-after="10"');

const { bed, it } = useBrowser({
  '/app/': app(SDK),
  '/busy/': app(BUSY),
  '/ping/': (req, res, url) => json(() => merge(req, url))(req, res, url),
  // Expiring after 8 s, holding the answer to each ping after it merged it: 800 ms, the final
  // ping's until the test answers it. Its pages also log the SDK's errors.
  '/slow/': (req, res) => {
    stamps.set(profileOf(req), Date.now());
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(
      page(
        '<p>Confidential</p>',
        SDK.replace('/ping/', '/slow-ping/')
          .replace('data-expire-after="6"', 'data-expire-after="8"')
          .replace("'expire']", "'expire', 'error']"),
      ),
    );
  },
  '/slow-ping/': (req, res, url) => {
    const answer = merge(req, url, 8000);
    const ping: Held = {
      idleFor: Number(url.searchParams.get('idleFor')),
      answer() {
        if (ping.answered) return;
        ping.answered = Date.now();
        void json(() => answer)(req, res, url);
      },
    };
    const pings = held.get(profileOf(req)) ?? [];
    held.set(profileOf(req), [...pings, ping]);
    const final = pings.findIndex((earlier) => earlier.idleFor >= 6);
    if (ping.idleFor < 6 && (final < 0 || final < pings.length - 1)) setTimeout(() => ping.answer(), 800);
  },
  // Warning after 10 minutes: nothing covers the link, however long opening the tabs takes.
  '/quiet/': app(
    SDK.replace('data-warn-after="3" data-expire-after="6"', 'data-warn-after="600" data-expire-after="1200"'),
  ),
  '/frame/': app(BUSY, '<iframe src="/busy/" width="600" height="400"></iframe>'),
  '/logout/': page('<h1>Signed out</h1>'),
  '/bye/': page('<h1>Session ended</h1>'),
});

/** The pings the server received from the browser of `tab`, since `since`. */
const pings = (tab: Page, since = 0) => bed.requests(tab.context()).filter((r) => r.path == '/ping/' && r.at >= since);
/** The server's stamp of the browser of `tab`. */
const stampOf = (tab: Page) => stamps.get(bed.profile(tab.context()))!;

const CHANNELS = [
  ['with BroadcastChannel', false],
  ['with BroadcastChannel removed (storage events)', true],
] as const;

/**
 * The time a test on a stopped clock may take: each step of the clock is a round trip to the
 * browser, 60 ms or more in Firefox beside the file's other tests on a busy machine.
 */
const CLOCKED = { timeout: 120_000 };

/** Moves the stopped clock of a browser's pages and its server's clock together (see `opener`). */
type Run = (ms: number) => Promise<void>;

/**
 * Waits, in real time, until no ping of `context`'s pages is on its way: the Web Lock a ping is
 * sent under (`<namespace>:ping`) is not asked for while none holds it, and no request is unanswered. A ping leaves once its
 * lock is granted, in real time, and reads the clock then; on a busy machine that takes longer
 * than a step of the clock, which would otherwise move on meanwhile.
 */
async function settled(context: BrowserContext) {
  const onItsWay = (tab: Page) =>
    tab.evaluate(async () => {
      const { pending = [], held = [] } = (await navigator.locks?.query()) ?? {};
      const ping = (lock: LockInfo) => !!lock.name?.endsWith(':ping');
      // Asked for while none holds it: granted in real time. (A tab holding it may wait on the clock.)
      return (pending.some(ping) && !held.some(ping)) || (window as unknown as { requests: number }).requests > 0;
    });
  // A page leaving (the session ended) has nothing on its way.
  const waiting = async () =>
    (await Promise.all(context.pages().map((tab) => onItsWay(tab).catch(() => false)))).some(Boolean);
  for (const end = Date.now() + 10_000; await waiting();)
    if (Date.now() > end) throw new Error('a ping still on its way after 10 s in real time');
}

/**
 * Stops the clock of `context`'s pages before they open (see `stopClock`), and has the server's
 * clock for that browser follow it: a page's request carries the time its page sent it on that
 * clock (`x-page-time`), whenever it reaches the server. `run(ms)` moves the clock as `runFor`
 * does, 100 ms at a time, but with `fine` (for a test that reads the pings' idle seconds) 20 ms at
 * a time in the last 200 ms of each second from the load, where the pings leave (90 ms before a
 * whole second of idle time, after a claim of 100 ms without Web Locks); after each step, it waits
 * for the pings on their way (see `settled`), as a loopback server answers within the millisecond.
 * (Each step is a round trip to the browser: Firefox, on a busy machine, takes 60 ms or more.)
 */
async function stopped(context: BrowserContext, profile: string, fine = false): Promise<Run> {
  const at = await stopClock(context);
  let now = at;
  clocks.set(profile, () => now);
  await dated(context);
  return async (ms) => {
    for (let done = 0; done < ms;) {
      const phase = (now - at) % 1000;
      const step = Math.min(
        ms - done,
        fine && phase >= 800 ? 20 : Math.min(100 - (phase % 100), fine ? 800 - phase : 100),
      );
      await context.clock.runFor(step);
      await settled(context);
      now += step;
      done += step;
    }
  };
}

/**
 * `count` tabs of a new browser context at `path`, with or without BroadcastChannel and Web Locks;
 * with `clock`, on a stopped clock (see `stopped`, and its `fine`) that `run` moves.
 */
const opener =
  (withoutChannel: boolean) =>
  async (
    newContext: NewContext,
    count: number,
    { path = '/app/', locks = true, clock = false, fine = false } = {},
  ): Promise<Page[] & { run: Run }> => {
    const context = await newContext();
    const run: Run = clock
      ? await stopped(context, bed.profile(context), fine)
      : () => Promise.reject(new Error('opened without `clock`'));
    if (!clock) await dated(context);
    if (withoutChannel)
      await context.addInitScript(() => delete (window as { BroadcastChannel?: unknown }).BroadcastChannel);
    // As on a page served over plain HTTP, where browsers have no Web Locks.
    if (!locks)
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { value: undefined }));
    const tabs: Page[] = [];
    for (let i = 0; i < count; i++) {
      const tab = await context.newPage();
      await tab.goto(`${bed.server.url}${path}`);
      tabs.push(tab);
    }
    return Object.assign(tabs, { run });
  };

describe.concurrent.each(CHANNELS)('tabs of one browser act as one session, %s', (_, withoutChannel) => {
  const open = opener(withoutChannel);

  it(
    'pings once per point without Web Locks (plain HTTP), whatever the number of tabs',
    CLOCKED,
    async ({ expect, newContext }) => {
      const tabs = await open(newContext, 3, { locks: false, clock: true, fine: true });
      expect(await tabs[0].evaluate(() => navigator.locks)).toBeUndefined();
      // Ended at 5.91 s (the answers date the server's stamp 90 ms before the load at the
      // earliest), left 1.5 s after.
      await tabs.run(7500);
      await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\//, { timeout: 10_000 })));
      // Rounded up: the claim's 100 ms and the edge's 90 ms before 2 and 5 s of idle time, the
      // ping leaving after the claim, at 1.91 and 4.91 s.
      expect(pings(tabs[0]).map((p) => p.query.get('idleFor'))).toEqual(['2', '5']);
    },
  );

  it.for([
    ['in the tab that warned alone', 1],
    ['in a second tab while the first is idle', 2],
  ] as const)(
    'keeps the session on "Stay signed in" a second before the server\'s deadline, %s',
    CLOCKED,
    async ([, count], { expect, newContext }) => {
      const tabs = await open(newContext, count, { clock: true, fine: true });
      const user = tabs.at(-1)!;
      const profile = bed.profile(user.context());
      const loaded = stampOf(user);
      // 1.2 s before the page's deadline (3 s after its warning; the server's end is 6 s after the
      // page's request), its clock standing still, 110 ms before its final ping. Timed from the
      // warning the page showed, not from the server's stamp: Playwright's performance.now() runs
      // on while the page loads, so the page dates its request that much earlier (7 ms here, more
      // on a busy machine), and a final ping sent just before the press would hold the Web Lock
      // 100 ms on a clock that stands still.
      await tabs.run(3000);
      const warned = (await seen(user)).find((e) => e.type == 'warn')!.at;
      expect(warned, 'the page warned no later than 3 s after the server stamped its request').toBeLessThanOrEqual(
        loaded + 3000,
      );
      await tabs.run(warned + 1800 - (loaded + 3000));
      await user.getByRole('button', { name: 'Stay signed in' }).click();
      const pressed = warned + 1800;
      // Reported at once, the clock standing still: idle 0 s. (The old defect sent it a quarter
      // of the warning window, 750 ms, after the press.)
      await expect.poll(() => pings(user).at(-1)?.query.get('idleFor')).toBe('0');
      expect(pings(user).map((p) => p.query.get('idleFor'))).toEqual(['2', '0']);
      expect(stamps.get(profile), "the server's stamp, moved to the press").toBe(pressed);
      // The warning hides when the answer arrives, in every tab, the clock still standing.
      for (const tab of tabs) await tab.getByRole('alertdialog').waitFor({ state: 'detached', timeout: 5000 });
      for (const tab of tabs) expect((await seen(tab)).at(-1)).toEqual({ type: 'resume', at: pressed });
      // Past the server's old end: the session lives, in every tab.
      await tabs.run(1500);
      for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe('/app/');
      // The answer (0 idle seconds) dates the server's stamp a second before the press at the
      // earliest: the next warning comes warnAfter less that second after the press, no earlier
      // than warnAfter less 1.1 s.
      await tabs.run(500);
      for (const tab of tabs) {
        await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
        expect((await seen(tab)).at(-1)).toEqual({ type: 'warn', at: pressed + 2000 });
      }
    },
  );

  it('reports a key pressed while a slow ping is in flight at once, abandoning that ping, and keeps the session', async ({
    expect,
    newContext,
  }) => {
    const tabs = await open(newContext, 2, { path: '/slow/' });
    const slow = () => bed.requests(tabs[0].context()).filter((r) => r.path == '/slow-ping/');
    // Warned at 3 s, the final ping leaves 90 ms before 7 s of idle time and is held until the
    // test answers it; the server ends the session at 8 s. Waiting for that ping to settle (its
    // timeout, a second past the deadline) would be too late.
    // The final ping (idle about 7 s, reported in whole seconds), not the idle check's (about 2 s).
    const finalPing = () => slow().find((p) => Number(p.query.get('idleFor')) >= 6);
    await expect.poll(finalPing, { timeout: 10_000 }).toBeDefined();
    const pingsOf = () => held.get(bed.profile(tabs[0].context()))!;
    const flight = pingsOf().find((ping) => ping.idleFor >= 6)!;
    // The server's end, as the final ping left it: the page's request (it merges nothing older).
    const end = stampOf(tabs[0]) + 8000;
    const pressed = Date.now();
    await tabs[0].keyboard.press('x');
    // The page saw the key (its activity) while the warning shows: the warning stays until the
    // server grants the time.
    await expect
      .poll(async () => (await seen(tabs[0])).find((e) => e.type == 'activity' && e.at >= pressed))
      .toBeDefined();
    const acted = (await seen(tabs[0])).find((e) => e.type == 'activity' && e.at >= pressed)!.at;
    // The report reaches the server while the final ping is still unanswered.
    await expect.poll(() => slow()[slow().indexOf(finalPing()!) + 1]).toBeDefined();
    expect(flight.answered, 'the final ping is still held').toBeUndefined();
    const report = slow()[slow().indexOf(finalPing()!) + 1];
    // Rounded up: the time since the key, less than a second.
    expect(report.query.get('idleFor')).toBe('1');
    // The warning hides in every tab once the report's answer grants the time: held until the
    // test answers it, then at once (held 800 ms, it would date the server's stamp 2 s before the
    // report left, and with a 3 s warning the time it grants would be gone on a busy machine).
    const reported = pingsOf()[pingsOf().indexOf(flight) + 1];
    reported.answer();
    const granted = reported.answered!;
    for (const tab of tabs) {
      await expect.poll(async () => (await seen(tab)).some((e) => e.type == 'resume' && e.at >= acted)).toBe(true);
      expect(await resumedAt(tab, acted)).toBeGreaterThanOrEqual(granted);
    }
    // Merged: the server's stamp moved to the key's whole second, never later than the key.
    expect(stampOf(tabs[0])).toBeGreaterThan(acted - 1100);
    expect(stampOf(tabs[0])).toBeLessThanOrEqual(acted);
    // The abandoned ping's answer, when it comes, reaches no page; no page reports an error.
    flight.answer();
    // Past the server's old end, the session lives in every tab. (Whether the warning shows again
    // by then is not asserted: with a 3 s warning and answers held 800 ms, the first answer dates
    // the stamp 2 s before the report and the warning comes back until the next report is
    // answered, README "Known limits".)
    await new Promise((done) => setTimeout(done, end + 500 - Date.now()));
    for (const tab of tabs) {
      expect(new URL(tab.url()).pathname).toBe('/slow/');
      expect((await seen(tab)).filter((e) => e.type == 'error')).toEqual([]);
    }
    expect(await state(tabs[1])).not.toBe('expired');
  });

  it('activity in one tab keeps the other from warning', CLOCKED, async ({ expect, newContext }) => {
    const tabs = await open(newContext, 2, { path: '/busy/', clock: true });
    const [one, two] = tabs;
    // 10 s, twice the warning's 5 s.
    for (let i = 0; i < 20; i++) {
      await two.mouse.move(10 + i * 5, 10 + i * 3);
      await tabs.run(500);
    }
    expect((await seen(one)).filter((e) => e.type == 'warn')).toEqual([]);
    expect(await state(one)).toBe('active');
    // Reported within a second of the activity (at the edge, 0.91 s after it: 1; at once when a
    // tab's view is warned a moment: 0), every 2 s or so from the first activity more than 1.1 s
    // after the load's stamp.
    const reported = pings(one).map((p) => Number(p.query.get('idleFor')));
    expect(reported.length).toBeGreaterThanOrEqual(3);
    for (const idleFor of reported) expect(idleFor).toBeLessThanOrEqual(1);
  });

  it('pings the server as often with 5 tabs as with 1', CLOCKED, async ({ expect, newContext }) => {
    const count = async (n: number) => {
      const tabs = await open(newContext, n, { clock: true, fine: true });
      await tabs.run(7500);
      await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\//, { timeout: 10_000 })));
      return pings(tabs[0]).map((p) => p.query.get('idleFor'));
    };
    // Two browsers (contexts), side by side.
    const [one, five] = await Promise.all([count(1), count(5)]);
    // Rounded up: 90 ms before 2 and 5 s of idle time.
    expect(one).toEqual(['2', '5']);
    expect(five).toEqual(one);
  });

  it('expires every tab together, covering each page before it leaves', CLOCKED, async ({ expect, newContext }) => {
    const tabs = await open(newContext, 3, { clock: true });
    // Each page takes a second to save a draft: the page must be covered meanwhile.
    for (const tab of tabs)
      await tab.evaluate(() =>
        (window as unknown as { sessionSecurity: EventTarget }).sessionSecurity.addEventListener('expire', (e) =>
          (e as CustomEvent).detail.waitUntil(new Promise((done) => setTimeout(done, 1000))),
        ),
      );
    // The warning dialog is fixed and opaque too, from 3 s (Firefox finds it at the centre): the
    // cover is what is on top and is not it.
    const coverOnTop = () => {
      const top = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
      return (
        top?.parentElement == document.body &&
        top.localName != 'dialog' &&
        getComputedStyle(top).position == 'fixed' &&
        getComputedStyle(top).backgroundColor != 'rgba(0, 0, 0, 0)'
      );
    };
    // The end at 5.91 s: the answer to the ping before the warning dates the server's stamp 90 ms
    // before the load at the earliest. Each tab ends by its own timer, if not told first.
    await tabs.run(6000);
    await Promise.all(tabs.map((tab) => tab.waitForFunction(coverOnTop, undefined, { timeout: 10_000 })));
    const ended = await Promise.all(tabs.map(async (tab) => (await seen(tab)).find((e) => e.type == 'expire')!.at));
    expect(Math.max(...ended) - Math.min(...ended)).toBeLessThanOrEqual(100);
    // Left 1.5 s after the end, the drafts saved by then: not before.
    await tabs.run(Math.min(...ended) + 1400 - (stampOf(tabs[0]) + 6000));
    for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe('/app/');
    await tabs.run(200);
    await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\//, { timeout: 10_000 })));
  });

  it('logs out every tab when the user signs out in one', async ({ expect, newContext }) => {
    // The sign-out's way to the other tabs is timed in real time, with no warning in the way.
    const [one, two, three] = await open(newContext, 3, { path: '/quiet/' });
    await one.click('#out');
    await one.waitForURL(/\/logout\//);
    await Promise.all([two, three].map((tab) => tab.waitForURL(/\/bye\//, { timeout: 10_000 })));
    // Timed by the server, from the sign-out it received: Playwright's way to the link, longer on
    // a busy machine, is not the SDK's.
    const requests = bed.requests(one.context());
    const out = requests.find((r) => r.path == '/logout/')!.at;
    const left = requests.filter((r) => r.path == '/bye/').map((r) => r.at - out);
    expect(left).toHaveLength(2);
    for (const ms of left) expect(ms).toBeLessThan(3000);
  });

  it('keeps pinging when the tab that pinged is closed', CLOCKED, async ({ expect, newContext }) => {
    const tabs = await open(newContext, 2, { clock: true, fine: true });
    const pinger = new Map<Page, number>();
    for (const tab of tabs)
      tab.on('request', (r) => r.url().includes('/ping/') && pinger.set(tab, (pinger.get(tab) ?? 0) + 1));
    // The idle check's ping left at 1.91 s.
    await tabs.run(2500);
    expect(pinger.size).toBe(1);
    const [first] = pinger.keys();
    const other = tabs.find((tab) => tab != first)!;
    await first.close();
    // The final ping at 4.91 s, the end at 5.91 s, left 1.5 s after.
    await tabs.run(5000);
    await other.waitForURL(/\/bye\//, { timeout: 10_000 });
    expect(pinger.get(other)).toBe(1);
    expect(pings(other).map((p) => p.query.get('idleFor'))).toEqual(['2', '5']);
  });
});

describe.concurrent('a same-origin iframe with the SDK', () => {
  it('takes part like a tab: activity in it keeps the page from warning', CLOCKED, async ({ expect, newContext }) => {
    const context = await newContext();
    const run = await stopped(context, bed.profile(context));
    const tab = await context.newPage();
    await tab.goto(`${bed.server.url}/frame/`);
    const frame = tab.frames().find((f) => f.url().endsWith('/busy/'))!;
    await frame.waitForFunction(() => 'sessionSecurity' in window);
    const box = (await tab.locator('iframe').boundingBox())!;
    // 10 s, twice the warning's 5 s.
    for (let i = 0; i < 20; i++) {
      await tab.mouse.move(box.x + 20 + i * 10, box.y + 20 + i * 5);
      await run(500);
    }
    expect((await seen(tab)).filter((e) => e.type == 'warn')).toEqual([]);
    expect(
      (await frame.evaluate(() => (window as unknown as { seen: Seen }).seen)).some((e) => e.type == 'activity'),
    ).toBe(true);
    // The frame's session records its activity; the page's does not count it twice.
    expect((await seen(tab)).filter((e) => e.type == 'activity')).toEqual([]);
  });
});

// Within 100 ms across tabs: timed alone, after the concurrent tests, as the other tests' pages
// loading and pinging beside it on two cores delay the tabs' messages by tens of ms (139 ms once
// beside them, through storage events in Chromium).
describe.each(CHANNELS)('tabs of one browser act as one session, %s, alone', (_, withoutChannel) => {
  const open = opener(withoutChannel);
  it("warns in every tab, and activity in one hides the warning in all within 100 ms of the server's answer", async ({
    expect,
    newContext,
  }) => {
    const tabs = await open(newContext, 3);
    await Promise.all(tabs.map((tab) => tab.getByRole('alertdialog').waitFor({ timeout: 5000 })));
    const warned = await Promise.all(tabs.map(async (tab) => (await seen(tab)).find((e) => e.type == 'warn')!.at));
    expect(Math.max(...warned) - Math.min(...warned)).toBeLessThan(1000);
    // A click on the backdrop: moving the mouse does not dismiss an open dialog (see src/dialog).
    await tabs[1].mouse.click(5, 5);
    await Promise.all(tabs.map((tab) => tab.getByRole('alertdialog').waitFor({ state: 'detached', timeout: 2000 })));
    const moved = (await seen(tabs[1])).find((e) => e.type == 'activity' && e.at >= Math.max(...warned))!.at;
    // Reported at once (Web Locks: no claim to wait for), idle less than a second. The warning
    // hides only when the server's answer grants the time: after the server received the report
    // (it answers at once), within 100 ms, in every tab.
    const report = pings(tabs[1]).find((p) => p.at >= moved)!;
    expect(report.query.get('idleFor')).toMatch(/^[01]$/);
    expect(report.at - moved).toBeLessThan(100);
    for (const tab of tabs) {
      const resumed = (await seen(tab)).find((e) => e.type == 'resume')!.at;
      expect(resumed).toBeGreaterThanOrEqual(report.at);
      expect(resumed - report.at).toBeLessThan(100);
    }
  });
});
