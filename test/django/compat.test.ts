// The drop-in against both Django packages, with no jQuery on the page. Each scenario runs on two
// sites: django-session-security 2.6 (the real Debian package, unmodified), whose all.html loads our
// build as its `session_security/script.js`; and django-session-security-continued 3.0, whose
// templates continued/ reproduces (the fork is not installable here): our build through its
// SESSION_SECURITY_JS_PATH, `returnToUrl` rendered unquoted (a RegExp), the bootstrap under the
// nonce of a strict Content-Security-Policy. Both sites warn after 5 s and end the session after 10 s.
// The scenarios run concurrently, each in a browser context (a browser profile) of its own; the one
// that stops its server has a server of its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchBrowser } from '../browser/harness';
import { sleepUntil, waitFor, watch } from './page';
import { cookieOf, ensureDjango, EXPIRE_AFTER, serverIdle, startDjango, USER, type DjangoServer } from './server';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Site {
  name: string;
  /** The settings module of project/. */
  settings: string;
  /**
   * Where a tab lands when the session ends: 2.6 reloads the page, which the server sends to its
   * login; continued goes to its logout URL (`returnToUrl`), which sends it there too.
   */
  signedOut: RegExp;
  /** Whether the dialog's heading counts down (`#session_security_counter`): continued's does. */
  counter: boolean;
  server?: DjangoServer;
}

const SITES: Site[] = [
  {
    name: 'django-session-security 2.6',
    settings: 'project.settings',
    signedOut: /\/accounts\/login\/\?next=/,
    counter: false,
  },
  {
    name: 'django-session-security-continued 3.0 under a strict CSP',
    settings: 'project.continued',
    signedOut: /\/accounts\/login\/$/,
    counter: true,
  },
];
const [DEBIAN] = SITES;

let browser: Browser;

beforeAll(async () => {
  await ensureDjango();
  const starting = SITES.map(async (site) => void (site.server = await startDjango(site.settings)));
  browser = await launchBrowser();
  await Promise.all(starting);
});

afterAll(async () => {
  await browser?.close();
  for (const site of SITES) await site.server?.dispose();
});

/** A ping as the test hears of it (Playwright's `request` event, late on a busy machine), its idle seconds as sent. */
interface HeardPing {
  at: number;
  idleFor: string | null;
}

/**
 * Collects what the console reports, errors and uncaught exceptions, but for the strict CSP
 * refusing the style attribute of the package's dialog.html: the page's own markup, which the
 * drop-in hides by the CSSOM, which CSP allows. Chromium reports it on the console, at the
 * page's URL; Firefox over WebDriver BiDi as a page error naming the style.
 */
function watchConsole(tab: Page, errors: string[]) {
  const refusedMarkup = (text: string) =>
    text.startsWith('Applying inline style violates') ||
    (text.includes('blocked an inline style (style-src-attr)') && text.includes('Source: display:none'));
  tab.on('console', (message) => {
    const text = message.text();
    if (message.type() == 'error' && !(message.location().url == tab.url() && refusedMarkup(text))) errors.push(text);
  });
  tab.on('pageerror', (error) => refusedMarkup(error.message) || errors.push(error.message));
}

/**
 * Signs in through the site's login form in the first tab of a new browser context (closed when
 * the test `t` ends), runs `prepare` there, then opens `path` in the second: the last activity, at
 * `t0`. Every ping of either tab is recorded, and what the console reports.
 */
async function twoTabs(
  t: TestContext,
  server: DjangoServer,
  path = '/',
  { prepare, slowPing = false }: { prepare?: (tab: Page) => Promise<void>; slowPing?: boolean } = {},
) {
  const context = await browser.newContext();
  t.onTestFinished(() => context.close());
  // See project/slow_ping.py.
  if (slowPing) await context.addCookies([{ name: 'slow_ping', value: '1', url: server.url }]);
  const tabs = [await context.newPage(), await context.newPage()];
  const pings: HeardPing[] = [];
  const errors: string[] = [];
  for (const tab of tabs) {
    watchConsole(tab, errors);
    tab.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname == '/session_security/ping/')
        pings.push({ at: Date.now(), idleFor: url.searchParams.get('idleFor') });
    });
  }
  await tabs[0].goto(server.url + path);
  await tabs[0].fill('#id_username', USER.username);
  await tabs[0].fill('#id_password', USER.password);
  await Promise.all([tabs[0].waitForURL(server.url + path), tabs[0].click('button[type=submit]')]);
  await prepare?.(tabs[0]);
  const t0 = Date.now();
  await tabs[1].goto(server.url + path);
  return { context, tabs, pings, errors, t0 };
}

/** Seconds from `t0` until `event` happens in every tab; each must fall within [min, max]. */
async function inEveryTab(tabs: Page[], t0: number, event: (tab: Page) => Promise<unknown>, min: number, max: number) {
  const seconds = await Promise.all(
    tabs.map(async (tab) => {
      await event(tab);
      return (Date.now() - t0) / 1000;
    }),
  );
  for (const s of seconds) {
    expect(s).toBeGreaterThanOrEqual(min);
    expect(s).toBeLessThanOrEqual(max);
  }
  return seconds;
}

/**
 * Each reconciliation point is pinged once for the whole browser, whatever the number of tabs,
 * with the idle seconds: the check before the warning (about 4 s idle) and the final ping (about
 * 9 s) once each, where a ping per tab would make them two each. (Earlier pings report activity
 * and tighten the bound an answer left; two of them may come under a second apart, as when a tab
 * loads just after a report.)
 */
function expectOnePingPerPoint(pings: HeardPing[]) {
  for (const { idleFor } of pings) expect(idleFor).toMatch(/^\d+$/);
  expect(
    pings.filter(({ idleFor }) => Number(idleFor) >= 3),
    JSON.stringify(pings),
  ).toHaveLength(2);
}

/** The warning as the user sees it: the page's markup from all.html, else our dialog. */
const warningVisible = (tab: Page, visible = true, timeout = 15_000) =>
  tab.waitForFunction(
    (visible) => {
      const markup = document.getElementById('session_security_warning');
      const shown = markup
        ? getComputedStyle(markup).display != 'none' && markup.getAttribute('aria-hidden') == 'false'
        : !!document.querySelector('[role="alertdialog"]')?.checkVisibility();
      return shown == visible;
    },
    visible,
    { polling: 100, timeout },
  );

const signedOut = (site: Site) => (tab: Page) =>
  tab.waitForURL(site.signedOut, { waitUntil: 'commit', timeout: 20_000 });

/** Any user gesture the browser reports as trusted. */
const move = async (tab: Page) => {
  await tab.mouse.move(20, 20);
  await tab.mouse.move(60, 80);
};

/** The countdown of the dialog's heading, against the seconds left that the instance reads from the clock. */
const countdown = (tab: Page) =>
  tab.evaluate(() => ({
    shown: Number(document.getElementById('session_security_counter')!.textContent),
    left: (window as unknown as { sessionSecurity: { remainingSeconds: number } }).sessionSecurity.remainingSeconds,
  }));

/**
 * The user's answer to the warning, ready to give at once: a click on "Stay signed in" in our
 * dialog, at the place it was found; a key on the page's own markup, which has no button. (Not
 * Playwright's click, whose checks before a click took longer than the second left in Firefox,
 * four tests at once; nor Enter on the button: Firefox activates a button from the keyboard only
 * in the window that has the focus, which the newest page takes.)
 */
async function stay(tab: Page): Promise<() => Promise<void>> {
  const button = tab.getByRole('button', { name: 'Stay signed in' });
  if (!(await button.count())) return () => tab.keyboard.press('x');
  const box = (await button.boundingBox())!;
  return () => tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * The user answers the warning a second or more before the browser's deadline (the server's end at the
 * latest), in the tab's only page or in a second one while the first is idle: the session is kept,
 * and the next warning comes 5 s after the answer. Aimed at the deadline the page's countdown
 * shows, and measured from the moment the page received the answer.
 */
async function answerLate(t: TestContext, server: DjangoServer, path: string, count: number) {
  const { context, tabs: all } = await twoTabs(t, server, path);
  const tabs = all.slice(2 - count);
  const tab = tabs.at(-1)!;
  const seen = await watch(tab, EXPIRE_AFTER);

  if (count == 1) await all[0].close();
  const { deadline } = await waitFor(seen, (s) => !!s.deadline, 15_000);
  expect(deadline, 'the warning showed').toBeDefined();
  const answer = await stay(tab);
  // Aimed 1.5 s early, to reach the page a second or more before the deadline: on a busy machine
  // the key takes tens of milliseconds to arrive, and the report as long again to reach a server
  // serving three other tests. Presses in the last second, down to 300 ms, are stay.test.ts's.
  await sleepUntil(deadline! - 1500);
  await answer();
  // The deadline the countdown counted to when the answer came.
  const { input: answered, deadline: shown, disagreements } = await seen();
  expect(disagreements, 'the countdown showed the deadline the SDK counted to').toEqual([]);
  // The product promises to keep a session answered while the dialog shows at least 300 ms.
  expect(shown! - answered!, 'ms left when the answer reached the page').toBeGreaterThanOrEqual(300);
  await sleepUntil(shown! + 1000);
  // A tab that left says what its page saw: the pings, their answers, the end's reason and moment.
  const where = tabs.map((tab) => new URL(tab.url()).pathname);
  expect(where, JSON.stringify({ answered, shown, seen: await seen() })).toEqual(tabs.map(() => path));
  // The answer reached the server (else it would answer "logout"): reported rounded up, it is
  // dated up to a second early.
  const idle = await serverIdle(context, server);
  expect(idle, "the server's idle seconds").toBeTypeOf('number');
  expect(idle).toBeLessThanOrEqual((Date.now() - answered! + 1000) / 1000);
  // The server dates the report in whole seconds: the next warning may come 1.1 s before 5 s.
  await inEveryTab(tabs, answered!, (tab) => warningVisible(tab), 3.9, 7);
}

const ANSWERS = [
  ['in its only tab', 1],
  ['in a second tab while the first is idle', 2],
] as const;

describe.concurrent.each(SITES)('a page of $name including its all.html, open in two tabs', (site) => {
  const server = () => site.server!;

  it('warns in both tabs between 5 and 9 s, then signs both out between 10 and 15 s, with nothing in the console', async (t) => {
    // A changed form must not hold the page when the session ends.
    const { context, tabs, pings, errors, t0 } = await twoTabs(t, server(), '/', {
      prepare: async (tab) => {
        await tab.fill('input[name="note"]', 'draft');
        await tab.keyboard.press('Tab');
      },
    });
    expect(await tabs[1].evaluate(() => 'jQuery' in window || '$' in window)).toBe(false);
    // Hidden until the warning, also where CSP refuses the markup's own style attribute.
    expect(
      await tabs[1].evaluate(() => getComputedStyle(document.getElementById('session_security_warning')!).display),
    ).toBe('none');

    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
    for (const tab of tabs)
      expect(await tab.evaluate(() => document.activeElement?.className)).toBe('session_security_modal');
    if (site.counter) {
      const first = await countdown(tabs[1]);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const later = await countdown(tabs[1]);
      for (const { shown, left } of [first, later]) expect(Math.abs(shown - left)).toBeLessThanOrEqual(1);
      expect(first.shown - later.shown).toBeGreaterThanOrEqual(1);
    }

    await inEveryTab(tabs, t0, signedOut(site), 10, 15);
    expect(await serverIdle(context, server())).toBe('logout');
    expectOnePingPerPoint(pings);
    expect(errors).toEqual([]);
  });

  it('activity in one tab while warned hides the warning in both and keeps the session alive', async (t) => {
    const { context, tabs, t0 } = await twoTabs(t, server());
    await Promise.all(tabs.map((tab) => warningVisible(tab)));

    await move(tabs[1]);
    await inEveryTab(tabs, Date.now(), (tab) => warningVisible(tab, false, 3000), 0, 2);

    await sleepUntil(t0 + 13_000);
    for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe('/');
    const idle = await serverIdle(context, server());
    expect(idle).toBeTypeOf('number');
    expect(idle).toBeLessThan(10);
  });

  it('activity at 3.5 s puts the warning off until after 7.4 s, and the server learns of it', async (t) => {
    const { context, tabs, t0 } = await twoTabs(t, server());
    await sleepUntil(t0 + 3500);
    await move(tabs[0]);

    // The server dates the report in whole seconds: the warning may come up to 1.1 s before 8.5 s.
    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 7.4, 12.5);
    // The server only saw the page loads; the ping before the warning told it of the later activity.
    expect(await serverIdle(context, server())).toBeLessThanOrEqual(7);
  });

  it('a session ended on the server is noticed at the next ping, and every tab leaves', async (t) => {
    const { context, tabs, t0 } = await twoTabs(t, server());
    const seen = await Promise.all(tabs.map((tab) => watch(tab, EXPIRE_AFTER)));
    await sleepUntil(t0 + 1000);
    // Another client with the same session logs out.
    await fetch(`${server().url}/logout/`, {
      headers: { cookie: await cookieOf(context, server()) },
      redirect: 'manual',
    });
    expect(await serverIdle(context, server())).toBe('logout');

    // Each tab asks to leave at once on the answer: measured when its navigation leaves, not when
    // the login page at the end of the server's redirects commits (seconds later on a busy machine).
    const leaving = (tab: Page) =>
      tab.waitForRequest((r) => r.isNavigationRequest() && r.frame() == tab.mainFrame(), { timeout: 20_000 });
    await inEveryTab(tabs, t0, leaving, 1, 10);
    // Measured on the pages' clock: from the end in the tab that read the answer, to the moment
    // each page began to leave (the other tab ends on its news).
    const moments = await Promise.all(seen.map((read) => read()));
    const ended = moments.find(({ reason }) => reason == 'server')?.expired;
    expect(ended, `a tab ended on the server's answer: ${JSON.stringify(moments)}`).toBeDefined();
    for (const { left } of moments) expect(left! - ended!, JSON.stringify(moments)).toBeLessThan(2000);
    for (const tab of tabs) await signedOut(site)(tab);
  });

  it('with the server stopped, both tabs still warn and leave on time', async (t) => {
    // A server of its own, which the other scenarios go on using meanwhile.
    const own = await startDjango(site.settings);
    t.onTestFinished(() => own.dispose());
    const { tabs, t0 } = await twoTabs(t, own);
    await sleepUntil(t0 + 1000);
    await own.stop();
    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
    const leaving = (tab: Page) =>
      tab.waitForRequest((r) => r.isNavigationRequest() && r.frame() == tab.mainFrame(), { timeout: 20_000 });
    await inEveryTab(tabs, t0, leaving, 10, 15);
    await own.start();
    // Back up, the server has ended the session on its own clock. Asked from a new tab: the two
    // may still be showing the browser's error page for their own navigation, which Firefox
    // commits late enough to interrupt another.
    const check = await tabs[0].context().newPage();
    await check.goto(own.url + '/');
    expect(check.url()).toMatch(/\/accounts\/login\/\?next=/);
  });

  it.for(ANSWERS)(
    'the user answering the warning a second before the server ends the session keeps it, %s',
    ([, count], t) => answerLate(t, server(), '/', count),
  );

  it('a key pressed while a slow ping (answered in 800 ms) is in flight keeps the session', async (t) => {
    const { context, tabs, t0 } = await twoTabs(t, server(), '/', { slowPing: true });
    const seen = await Promise.all(tabs.map((tab) => watch(tab, EXPIRE_AFTER)));
    const isPing = (request: Request) => new URL(request.url()).pathname == '/session_security/ping/';
    await warningVisible(tabs[1]);
    // The ping before the end, while the warning shows; pressed on as soon as the test hears it left.
    await context.waitForEvent('request', { predicate: isPing, timeout: 15_000 });
    await tabs[1].keyboard.press('x');
    // On the pages' clock, which a busy machine does not delay as it delays the test's: the key
    // reached the page while that ping was in flight, in whichever tab sent it.
    const sent = async () =>
      (await Promise.all(seen.map((read) => read()))).flatMap(({ pings }) => pings).sort((a, b) => a.sent - b.sent);
    const { input: pressed } = await seen[1]();
    const final = () => sent().then((pings) => pings.filter((ping) => ping.sent <= pressed!).at(-1));
    // It reports no activity since the warning began: abandoned as the key came (its fetch
    // aborted), without waiting for its answer.
    const ping = await waitFor(final, (ping) => ping?.answered !== undefined, 5000);
    expect(pressed, JSON.stringify(ping)).toBeLessThan(ping!.answered!);
    expect(ping!.answer, JSON.stringify(ping)).toMatch(/abort/i);
    await sleepUntil(Math.max(t0 + 11_500, ping!.answered! + 1500));
    // The report of the key leaves in the same task (the turn to ping is this tab's): it counts
    // from the key, not from the page loads.
    const report = (await sent()).find((ping) => ping.sent > pressed!);
    expect(report, 'a report after the key').toBeDefined();
    expect(report!.sent - ping!.answered!, JSON.stringify({ ping, report })).toBeLessThanOrEqual(50);
    expect(report!.idleFor).toBeLessThanOrEqual(Math.ceil((report!.sent - pressed!) / 1000));
    // The server keeps the session if the report reaches it before its end (its stamp then plus
    // expireAfter, project/arrival.py). A key in the last second leaves the report that little
    // time, which a machine this busy may not give it: the server then answers "logout", as it
    // did once with a core kept busy and other tests beside.
    const idle = await serverIdle(context, server());
    const outcome = JSON.stringify({ pressed, ping, report, idle });
    const end = report!.stamp! + EXPIRE_AFTER;
    // The SDK's part: the report left before that end.
    expect(report!.sent, outcome).toBeLessThan(end);
    if (report!.arrived! < end) {
      for (const tab of tabs) expect(new URL(tab.url()).pathname, outcome).toBe('/');
      // The server has it (else its idle time would be over 7 s): dated up to a second early.
      expect(idle, outcome).toBeLessThan(Math.ceil((Date.now() - pressed!) / 1000) + 2);
    } else expect(idle, outcome).toBe('logout');
  });

  it("shows the package's own markup as an accessible modal: named, the page behind inert, Escape keeps the session, the focus goes back", async (t) => {
    const { tabs } = await twoTabs(t, server());
    const tab = tabs[1];
    const note = tab.locator('input[name="note"]');
    await note.focus();
    // The countdown and the serialization of the style aside.
    const page = async () =>
      (await tab.locator('body').innerHTML())
        .replace(/(session_security_counter">)\d*/, '$1')
        .replace(/style="display: ?none;?"/, 'style="display:none"');
    const before = await page();
    await warningVisible(tab);

    const dialog = tab.getByRole('alertdialog', { name: /^Your session is about to expire/ });
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await tab.evaluate(() => document.activeElement?.className)).toBe('session_security_modal');
    expect(await note.evaluate((input) => !!input.closest('[inert]'))).toBe(true);
    await tab.evaluate(AXE);
    const serious = await tab.evaluate(async () => {
      const { violations } = await (
        window as unknown as {
          axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }> };
        }
      ).axe.run();
      return violations
        .filter(({ impact }) => impact == 'serious' || impact == 'critical')
        .map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(', ')}`);
    });
    expect(serious).toEqual([]);

    await tab.keyboard.press('Escape');
    await warningVisible(tab, false, 3000);
    expect(await note.evaluate((input) => input == document.activeElement)).toBe(true);
    // The page as it was: roles, names, inert.
    expect(await page()).toBe(before);
  });
});

describe.concurrent('a Django page starting the script from its data attributes, open in two tabs', () => {
  it('warns in both tabs between 5 and 9 s, then sends both to the login page between 10 and 15 s', async (t) => {
    const { tabs, pings, t0 } = await twoTabs(t, DEBIAN.server!, '/data-start/');
    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
    await inEveryTab(tabs, t0, signedOut(DEBIAN), 10, 15);
    expectOnePingPerPoint(pings);
  });

  it.for(ANSWERS)(
    'the user answering the warning a second before the server ends the session keeps it, %s',
    ([, count], t) => answerLate(t, DEBIAN.server!, '/data-start/', count),
  );
});
