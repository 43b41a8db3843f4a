import { describe } from 'vitest';
import { type Handler, json, page } from '../browser/harness';
import { type NewBrowser, useWebKit } from './harness';
import type { Tab } from './webdriver';

// warn 3 s, expire 6 s: the idle check pings at 2 s, the final one at 5 s. Each test's browser
// has a session of its own on the server, named in its URLs: classic WebDriver sets a cookie only
// from a page of its domain.
const SDK = (session: string) => `<script>window.started = Date.now() - performance.now();</script>
<script src="/dist/session-security.min.js" data-ping-url="/ping/?session=${session}" data-warn-after="3" data-expire-after="6" data-return-to-url="/bye/" data-logout-url="/logout/"></script>
<script>
  window.seen = [];
  for (const type of ['warn', 'resume', 'activity', 'expire']) sessionSecurity.addEventListener(type, () => seen.push({ type, at: Date.now() }));
</script>`;

type Seen = { type: string; at: number }[];
const seen = (tab: Tab) => tab.evaluate(() => (window as unknown as { seen: Seen }).seen);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The server's last-activity stamp of each session, merged like django-session-security's. */
const stamps = new Map<string, number>();
let sessions = 0;

/** The app, where `before` runs before the SDK. */
const app =
  (before = ''): Handler =>
  (_req, res, url) => {
    const session = url.searchParams.get('session') ?? '';
    stamps.set(session, Date.now());
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page('<p>Confidential</p><a id="out" href="/logout/">Sign out</a>', before + SDK(session)));
  };

const { bed, it } = useWebKit({
  '/app/': app(),
  '/app-without-channel/': app('<script>delete window.BroadcastChannel;</script>'),
  '/ping/': json((url) => {
    const session = url.searchParams.get('session') ?? '';
    const stamp = stamps.get(session);
    if (stamp === undefined || Date.now() - stamp >= 6000) return (stamps.delete(session), 'logout');
    const idle = Math.max(0, Number.parseInt(url.searchParams.get('idleFor') ?? '', 10) || 0);
    stamps.set(session, Math.max(stamp, Date.now() - idle * 1000));
    return Math.floor((Date.now() - stamps.get(session)!) / 1000);
  }),
  '/logout/': page('<h1>Signed out</h1>'),
  '/bye/': page('<h1>Session ended</h1>'),
});

/**
 * When the later of `tabs` began its navigation, as the SDK reads it (the wall clock minus the
 * page's monotonic time: `performance.timeOrigin` may differ from it by milliseconds in WebKit).
 */
const bothNavigated = async (tabs: Tab[]) =>
  Math.max(
    ...(await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as unknown as { started: number }).started)))),
  );

const warning = () => !!document.querySelector('[role=alertdialog]')?.matches(':modal');

/**
 * Two windows of one browser at the app (`path`), in a session of their own: tabs, to the page
 * (one profile, one storage).
 */
async function twoTabs(newBrowser: NewBrowser, path: string): Promise<{ tabs: Tab[]; session: string }> {
  const browser = await newBrowser();
  const session = String(++sessions);
  const url = `${bed.server.url}${path}?session=${session}`;
  return { tabs: [await browser.newTab(url), await browser.newTab(url)], session };
}

const VARIANTS = [
  ['with BroadcastChannel', '/app/'],
  ['with BroadcastChannel removed (storage events)', '/app-without-channel/'],
] as const;
const TITLE = 'two tabs of one WebKit browser act as one session, %s';

describe.concurrent.each(VARIANTS)(TITLE, (_, path) => {
  it('keep each other from warning: activity in one counts for both', async ({ expect, newBrowser }) => {
    const [one, two] = (await twoTabs(newBrowser, path)).tabs;
    for (let i = 0; i < 12; i++) {
      await two.move(10 + i * 5, 10 + i * 3);
      await sleep(500);
    }
    expect((await seen(one)).filter((e) => e.type == 'warn')).toEqual([]);
    expect(
      await one.evaluate(() => (window as unknown as { sessionSecurity: { state: string } }).sessionSecurity.state),
    ).toBe('active');
  });

  it('ping the server once per browser, a second before the warning and a second before the end', async ({
    expect,
    newBrowser,
  }) => {
    const { tabs, session } = await twoTabs(newBrowser, path);
    // From the second page's navigation on: before it, the first tab was alone, for seconds on a busy machine.
    const opened = await bothNavigated(tabs);
    await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\/$/, 10_000)));
    const pings = bed.server.requests.filter(
      (r) => r.path == '/ping/' && r.query.get('session') == session && r.at >= opened,
    );
    // Rounded up: a second before each deadline, idle a little over 2 and 5 s.
    expect(pings.map((p) => p.query.get('idleFor'))).toEqual(['3', '6']);
  });

  it('expire together at the deadline, each page covered before it leaves', async ({ expect, newBrowser }) => {
    const { tabs } = await twoTabs(newBrowser, path);
    // Counted from the second page's navigation, the last activity (the idle clock starts there):
    // the time the first page took to open, longer on a busy machine, is not the SDK's.
    const started = await bothNavigated(tabs);
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
    for (const tab of tabs) {
      const expired = (await seen(tab)).find((e) => e.type == 'expire')!.at - started;
      // Within a few milliseconds: Date.now() counts whole ones, and the SDK's clock takes at each
      // reading the larger step of the wall clock (whole ms) and the monotonic one (platform.ts),
      // so it may run that much ahead (5,997 ms seen).
      expect(expired).toBeGreaterThanOrEqual(5990);
      expect(expired).toBeLessThan(7000);
    }
    const left = await Promise.all(tabs.map((tab) => tab.waitForURL(/\/bye\/$/, 10_000).then(() => Date.now())));
    expect(Math.max(...left) - Math.min(...left)).toBeLessThan(1000);
  });

  it('are both signed out when the user signs out in one', async ({ expect, newBrowser }) => {
    const [one, two] = (await twoTabs(newBrowser, path)).tabs;
    const start = Date.now();
    await one.clickOn('#out');
    await one.waitForURL(/\/logout\/$/);
    await two.waitForURL(/\/bye\/$/, 3000);
    expect(Date.now() - start).toBeLessThan(3000);
  });
});

// Timed to 100 ms between two browser processes: alone, as the pages of the file's other tests,
// loading beside it on two cores, hold WebKit's messages between processes back by more.
describe.each(VARIANTS)(TITLE, (_, path) => {
  it('warn together, and activity in one hides the warning in both within 100 ms', async ({ expect, newBrowser }) => {
    const { tabs } = await twoTabs(newBrowser, path);
    await Promise.all(tabs.map((tab) => tab.waitFor(warning)));
    const warned = await Promise.all(tabs.map(async (tab) => (await seen(tab)).find((e) => e.type == 'warn')!.at));
    expect(Math.max(...warned) - Math.min(...warned)).toBeLessThan(1000);
    // A click on the backdrop: moving the mouse does not dismiss an open dialog (see src/dialog).
    await tabs[1].click(5, 5);
    await Promise.all(
      tabs.map((tab) => tab.waitFor(() => !document.querySelector('[role=alertdialog]'), { timeout: 2000 })),
    );
    const clicked = (await seen(tabs[1])).find((e) => e.type == 'activity' && e.at >= Math.max(...warned))!.at;
    for (const tab of tabs) {
      const resumed = (await seen(tab)).find((e) => e.type == 'resume')!.at;
      expect(resumed - clicked).toBeLessThan(100);
    }
  });
});
