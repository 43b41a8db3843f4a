import { describe } from 'vitest';
import { type Handler, json, page } from '../browser/harness';
import { type NewBrowser, useWebKit } from './harness';
import type { Tab } from './webdriver';

// warn 3 s, expire 6 s (or the page's `warn` and `expire`): the idle check pings 90 ms before 2 s
// of idle time, the final one 90 ms before 5 s (100 ms earlier still without Web Locks, the
// claim's wait). Each test's browser has a session of its own on the server, named in its URLs:
// classic WebDriver sets a cookie only from a page of its domain. `requested`: the page's request,
// which the idle clock starts at, on the clock the SDK reads it (the wall clock less the page's
// monotonic time: `performance.timeOrigin` may differ from it by milliseconds in WebKit).
const SDK = (session: string, warn: number, expire: number) => `<script>
  window.started = Date.now() - performance.now();
  window.requested = started + performance.getEntriesByType('navigation')[0].requestStart;
</script>
<script src="/dist/session-security.min.js" data-ping-url="/ping/?session=${session}" data-warn-after="${warn}" data-expire-after="${expire}" data-return-to-url="/bye/?session=${session}" data-logout-url="/logout/"></script>
<script>
  window.running = Date.now();
  window.seen = [];
  for (const type of ['warn', 'resume', 'activity', 'expire', 'ping'])
    sessionSecurity.addEventListener(type, (e) => seen.push({ type, at: Date.now(), ...(type == 'ping' && e.detail) }));
</script>`;

type Seen = { type: string; at: number; idleFor?: number; answer?: unknown }[];
const seen = (tab: Tab) => tab.evaluate(() => (window as unknown as { seen: Seen }).seen);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The server's last-activity stamp of each session, merged like django-session-security's. */
const stamps = new Map<string, number>();
/** The server's expireAfter of each session, in ms (the page's `expire`). */
const expiries = new Map<string, number>();
let sessions = 0;

/** The app, where `before` runs before the SDK; warning and expiring after `warn` and `expire` s (3 and 6). */
const app =
  (before = ''): Handler =>
  (_req, res, url) => {
    const session = url.searchParams.get('session') ?? '';
    const [warn, expire] = [Number(url.searchParams.get('warn') ?? 3), Number(url.searchParams.get('expire') ?? 6)];
    stamps.set(session, Date.now());
    expiries.set(session, expire * 1000);
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page('<p>Confidential</p><a id="out" href="/logout/">Sign out</a>', before + SDK(session, warn, expire)));
  };

const { bed, it } = useWebKit({
  '/app/': app(),
  '/app-without-channel/': app('<script>delete window.BroadcastChannel;</script>'),
  '/ping/': json((url) => {
    const session = url.searchParams.get('session') ?? '';
    const stamp = stamps.get(session);
    if (stamp === undefined || Date.now() - stamp >= expiries.get(session)!) return (stamps.delete(session), 'logout');
    const idle = Math.max(0, Number.parseInt(url.searchParams.get('idleFor') ?? '', 10) || 0);
    stamps.set(session, Math.max(stamp, Date.now() - idle * 1000));
    return Math.floor((Date.now() - stamps.get(session)!) / 1000);
  }),
  '/logout/': page('<h1>Signed out</h1>'),
  '/bye/': page('<h1>Session ended</h1>'),
});

type Times = { started: number; requested: number; running: number };
/** When the later of `tabs` began its navigation, sent its request, and started the SDK (see `SDK`). */
const bothNavigated = async (tabs: Tab[]) => {
  const times = await Promise.all(
    tabs.map((tab) =>
      tab.evaluate(() => {
        const { started, requested, running } = window as unknown as Times;
        return { started, requested, running };
      }),
    ),
  );
  return {
    started: Math.max(...times.map((t) => t.started)),
    requested: Math.max(...times.map((t) => t.requested)),
    running: Math.max(...times.map((t) => t.running)),
  };
};

/** The requests of `session` to `path` the server received, since `since`. */
const requestsOf = (session: string, path: string, since = 0) =>
  bed.server.requests.filter((r) => r.path == path && r.query.get('session') == session && r.at >= since);

const warning = () => !!document.querySelector('[role=alertdialog]')?.matches(':modal');

/**
 * Two windows of one browser at the app (`path`, with `query`), in a session of their own: tabs,
 * to the page (one profile, one storage).
 */
async function twoTabs(newBrowser: NewBrowser, path: string, query = ''): Promise<{ tabs: Tab[]; session: string }> {
  const browser = await newBrowser();
  const session = String(++sessions);
  const url = `${bed.server.url}${path}?session=${session}${query}`;
  return { tabs: [await browser.newTab(url), await browser.newTab(url)], session };
}

const VARIANTS = [
  ['with BroadcastChannel', '/app/'],
  ['with BroadcastChannel removed (storage events)', '/app-without-channel/'],
] as const;
const TITLE = 'two tabs of one WebKit browser act as one session, %s';

describe.concurrent.each(VARIANTS)(TITLE, (_, path) => {
  it('keep each other from warning: activity in one counts for both', async ({ expect, newBrowser }) => {
    // Warning after 5 s: activity, recorded once a second, is reported 0.91 s after it (the edge
    // before a whole second of idle time), and the answer dates the server's stamp 1.09 s before
    // the report left: with a warning after 3 s, a user active every second is warned in the
    // very millisecond the next report leaves, and WebDriver's moves arrive later than that.
    const { tabs, session } = await twoTabs(newBrowser, path, '&warn=5&expire=10');
    const [one, two] = tabs;
    const { requested } = await bothNavigated(tabs);
    for (let i = 0; i < 12; i++) {
      await two.move(10 + i * 5, 10 + i * 3);
      await sleep(500);
    }
    const done = Date.now();
    for (const tab of tabs) {
      expect((await seen(tab)).filter((e) => e.type == 'warn')).toEqual([]);
      expect(
        await tab.evaluate(() => (window as unknown as { sessionSecurity: { state: string } }).sessionSecurity.state),
      ).toBe('active');
    }
    // Reported: at the edge after the activity (idle 0.91 s, rounded up: 1), once the activity
    // was more than 1.1 s after the server's stamp; tab one was never touched.
    const reports = requestsOf(session, '/ping/', requested).filter((r) => r.at <= done);
    const moved = (await seen(two)).filter((e) => e.type == 'activity').map((e) => e.at);
    expect(moved.length).toBeGreaterThan(3);
    expect((await seen(one)).filter((e) => e.type == 'activity' && e.at >= requested)).toEqual([]);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.map((r) => r.query.get('idleFor'))).toEqual(reports.map(() => '1'));
    for (const report of reports) {
      const last = Math.max(...moved.filter((at) => at <= report.at));
      // Not at once: at the edge, 90 ms before a second of idle time (the SDK's clock may run a
      // few ms ahead of Date.now()).
      expect(report.at - last).toBeGreaterThanOrEqual(880);
      expect(report.at - last).toBeLessThan(1000);
    }
  });

  it('ping the server once per browser, 90 ms before 2 and 5 s of idle time (the warning at 3 s, the end at 6 s)', async ({
    expect,
    newBrowser,
  }) => {
    const { tabs, session } = await twoTabs(newBrowser, path);
    // Once the second page's SDK runs: before it, the first tab was alone, for seconds on a busy
    // machine, and pinged on its own clock (idleFor=2 at 1.91 s of its own).
    const { running, requested } = await bothNavigated(tabs);
    // WebKit has Web Locks on the loopback: no claim's 100 ms before a ping.
    expect(await tabs[0].evaluate(() => !!navigator.locks)).toBe(true);
    await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\//, 10_000)));
    const pings = requestsOf(session, '/ping/', running);
    // Rounded up: idle 1.91 and 4.91 s, before the whole second.
    expect(pings.map((p) => p.query.get('idleFor'))).toEqual(['2', '5']);
    // At the edge, not sooner: counted from the page's request, as the server received them.
    const [idleCheck, final] = pings.map((p) => p.at - requested);
    expect(idleCheck).toBeGreaterThanOrEqual(1910 - 10);
    expect(final).toBeGreaterThanOrEqual(4910 - 10);
  });

  it('expire together at the deadline, each page covered before it leaves, and left 1.5 s after it', async ({
    expect,
    newBrowser,
  }) => {
    const { tabs, session } = await twoTabs(newBrowser, path);
    // Counted from the second page's request, the last activity (the idle clock starts there):
    // the time the first page took to open, longer on a busy machine, is not the SDK's.
    const { requested } = await bothNavigated(tabs);
    // The server's stamp: the second page's request, as the server received it.
    const stamp = requestsOf(session, '/app/').concat(requestsOf(session, '/app-without-channel/')).at(-1)!.at;
    // Each page takes a second to save a draft: the page must be covered meanwhile.
    for (const tab of tabs)
      await tab.evaluate(() =>
        (window as unknown as { sessionSecurity: EventTarget }).sessionSecurity.addEventListener('expire', (e) =>
          (e as CustomEvent<{ waitUntil(promise: Promise<unknown>): void }>).detail.waitUntil(
            new Promise((done) => setTimeout(done, 1000)),
          ),
        ),
      );
    // The warning dialog is fixed and opaque too, from 3 s (WebKit finds it at the centre): the
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
    await Promise.all(tabs.map((tab) => tab.waitFor(coverOnTop, { timeout: 10_000 })));
    const expired: number[] = [];
    for (const tab of tabs) expired.push((await seen(tab)).find((e) => e.type == 'expire')!.at);
    for (const at of expired) {
      // Without activity in the page since its load, the deadline counts from the page's request,
      // which the server counted (the answers date its stamp 90 ms earlier at the earliest: idle
      // 1.91 s answered 1), the SDK's clock running a few ms ahead of Date.now() at most; and
      // the page is covered within 250 ms of the server's own end (its stamp plus 6 s).
      expect(at - requested).toBeGreaterThanOrEqual(6000 - 10);
      expect(at - stamp).toBeLessThan(6000 + 250);
    }
    await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\//, 10_000)));
    const left = requestsOf(session, '/bye/').map((r) => r.at);
    expect(left).toHaveLength(2);
    expect(Math.max(...left) - Math.min(...left)).toBeLessThan(1000);
    // An idle end leaves no sooner than 1.5 s after it, nor before the last activity (the page's
    // request) plus expireAfter and 100 ms: the server has ended the session by then.
    for (const at of left) {
      expect(at - Math.min(...expired)).toBeGreaterThanOrEqual(1500 - 10);
      expect(at - requested).toBeGreaterThanOrEqual(6100);
    }
  });

  it('are both signed out when the user signs out in one', async ({ expect, newBrowser }) => {
    const [one, two] = (await twoTabs(newBrowser, path)).tabs;
    const start = Date.now();
    await one.clickOn('#out');
    await one.waitForURL(/\/logout\/$/);
    await two.waitForURL(/\/bye\//, 3000);
    expect(Date.now() - start).toBeLessThan(3000);
  });
});

// Timed to 100 ms between two browser processes: alone, as the pages of the file's other tests,
// loading beside it on two cores, hold WebKit's messages between processes back by more.
describe.each(VARIANTS)(TITLE, (_, path) => {
  it('warn together; activity in one is reported at once, and its answer hides the warning in both within 100 ms', async ({
    expect,
    newBrowser,
  }) => {
    const { tabs, session } = await twoTabs(newBrowser, path);
    const { requested } = await bothNavigated(tabs);
    await Promise.all(tabs.map((tab) => tab.waitFor(warning)));
    // Since both are open: the first may have warned alone, for seconds on a busy machine.
    const warned = await Promise.all(
      tabs.map(async (tab) => (await seen(tab)).find((e) => e.type == 'warn' && e.at >= requested)!.at),
    );
    expect(Math.max(...warned) - Math.min(...warned)).toBeLessThan(1000);
    // Warned 2.91 s after the page's request (the idle check's answer dates the server's stamp
    // 90 ms before it at the earliest): never more than 1.1 s before the true warning.
    for (const at of warned) expect(at - requested).toBeGreaterThanOrEqual(3000 - 1100 - 10);
    // A click on the backdrop: moving the mouse does not dismiss an open dialog (see src/dialog).
    await tabs[1].click(5, 5);
    await Promise.all(
      tabs.map((tab) => tab.waitFor(() => !document.querySelector('[role=alertdialog]'), { timeout: 2000 })),
    );
    const clicked = (await seen(tabs[1])).find((e) => e.type == 'activity' && e.at >= Math.max(...warned))!.at;
    // Reported at once, not at the edge 0.91 s later (WebKit has Web Locks on the loopback: no
    // claim's 100 ms): idle under a second. The ping leaves within the page's tasks after the
    // click; the rest is WebKit's network process, slow under load.
    const report = requestsOf(session, '/ping/', clicked)[0];
    expect(report?.query.get('idleFor')).toBe('1');
    expect(report.at - clicked).toBeLessThan(500);
    // The answer, as the tab that sent the report received it (the SDK's `ping` event).
    const answers = await Promise.all(
      tabs.map(async (tab) => (await seen(tab)).find((e) => e.type == 'ping' && e.at >= clicked)?.at ?? Infinity),
    );
    const answered = Math.min(...answers);
    expect(answered).toBeLessThan(Infinity);
    // The warning stays until the answer grants the time (the server answered in the millisecond
    // it received the report), and hides within 100 ms of the answer's arrival, in both tabs.
    for (const tab of tabs) {
      const resumed = (await seen(tab)).find((e) => e.type == 'resume' && e.at >= clicked)!.at;
      expect(resumed).toBeGreaterThanOrEqual(report.at);
      expect(resumed - answered).toBeLessThan(100);
    }
  });
});
