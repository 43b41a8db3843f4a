// The drop-in against the real django-session-security (Debian packages, unmodified): our build is
// served as its `session_security/script.js`, the page includes its own all.html, with no jQuery.
// The site warns after 5 s and ends the session after 10 s.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../browser/harness';
import { ensureDjango, startDjango, USER, type DjangoServer } from './server';

let browser: Browser;
let server: DjangoServer;
let context: BrowserContext | undefined;

beforeAll(async () => {
  await ensureDjango();
  server = await startDjango();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

interface Ping {
  at: number;
  idleFor: string | null;
}

/**
 * Signs in through the site's login form in the first tab, runs `prepare` there, then opens `path`
 * in the second: the last activity, at `t0`. Every ping of either tab is recorded.
 */
async function twoTabs(path = '/', prepare?: (tab: Page) => Promise<void>, { slowPing = false } = {}) {
  context = await browser.newContext();
  // See project/slow_ping.py.
  if (slowPing) await context.addCookies([{ name: 'slow_ping', value: '1', url: server.url }]);
  const tabs = [await context.newPage(), await context.newPage()];
  const pings: Ping[] = [];
  for (const tab of tabs)
    tab.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname == '/session_security/ping/')
        pings.push({ at: Date.now(), idleFor: url.searchParams.get('idleFor') });
    });
  await tabs[0].goto(server.url + path);
  await tabs[0].fill('#id_username', USER.username);
  await tabs[0].fill('#id_password', USER.password);
  await Promise.all([tabs[0].waitForURL(server.url + path), tabs[0].click('button[type=submit]')]);
  await prepare?.(tabs[0]);
  const t0 = Date.now();
  await tabs[1].goto(server.url + path);
  return { tabs, pings, t0 };
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

/** Each reconciliation point is pinged once for the whole browser, whatever the number of tabs, with the idle seconds. */
function expectOnePingPerPoint(pings: Ping[]) {
  expect(pings.length).toBeGreaterThan(0);
  for (const { idleFor } of pings) expect(idleFor).toMatch(/^\d+$/);
  for (let i = 1; i < pings.length; i++)
    expect(pings[i].at - pings[i - 1].at, 'ms between two pings').toBeGreaterThan(1000);
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

const loginPage = (tab: Page, timeout = 20_000) =>
  tab.waitForURL(/\/accounts\/login\/\?next=/, { waitUntil: 'commit', timeout });

const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, t - Date.now()));

/** The server's idle seconds for this browser's session, asked without moving its stamp, or "logout". */
async function serverIdle(): Promise<number | 'logout'> {
  const cookies = await context!.cookies(server.url);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  // A client idle for longer than the server thinks never moves the server's stamp.
  const response = await fetch(`${server.url}/session_security/ping/?idleFor=86400`, { headers: { cookie } });
  return response.json();
}

/** Any user gesture the browser reports as trusted. */
const move = async (tab: Page) => {
  await tab.mouse.move(20, 20);
  await tab.mouse.move(60, 80);
};

describe('a Django page including session_security/all.html, open in two tabs', () => {
  it('warns in both tabs between 5 and 9 s, then sends both to the login page between 10 and 15 s', async () => {
    // A changed form must not hold the page when the session ends.
    const { tabs, pings, t0 } = await twoTabs('/', async (tab) => {
      await tab.fill('input[name="note"]', 'draft');
      await tab.keyboard.press('Tab');
    });
    expect(await tabs[1].evaluate(() => 'jQuery' in window || '$' in window)).toBe(false);

    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
    for (const tab of tabs)
      expect(await tab.evaluate(() => document.activeElement?.className)).toBe('session_security_modal');

    await inEveryTab(tabs, t0, loginPage, 10, 15);
    expect(await serverIdle()).toBe('logout');
    expectOnePingPerPoint(pings);
  });

  it('activity in one tab while warned hides the warning in both and keeps the session alive', async () => {
    const { tabs, t0 } = await twoTabs();
    await Promise.all(tabs.map((tab) => warningVisible(tab)));

    await move(tabs[1]);
    await inEveryTab(tabs, Date.now(), (tab) => warningVisible(tab, false, 3000), 0, 2);

    await sleepUntil(t0 + 13_000);
    for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe('/');
    const idle = await serverIdle();
    expect(idle).toBeTypeOf('number');
    expect(idle).toBeLessThan(10);
  });

  it('activity at 3.5 s puts the warning off until after 8.5 s, and the server learns of it', async () => {
    const { tabs, t0 } = await twoTabs();
    await sleepUntil(t0 + 3500);
    await move(tabs[0]);

    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 8.5, 12.5);
    // The server only saw the page loads; the ping before the warning told it of the later activity.
    expect(await serverIdle()).toBeLessThanOrEqual(7);
  });

  it('a session ended on the server is noticed at the next ping, and every tab leaves', async () => {
    const { tabs, pings, t0 } = await twoTabs();
    await sleepUntil(t0 + 1000);
    // Another client with the same session logs out.
    const cookie = (await context!.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    await fetch(`${server.url}/accounts/logout/`, { headers: { cookie }, redirect: 'manual' });
    expect(await serverIdle()).toBe('logout');

    const left = await inEveryTab(tabs, t0, loginPage, 1, 10);
    const next = pings.find((p) => p.at > t0 + 1000);
    expect(next, 'a ping after the logout').toBeDefined();
    for (const at of left) expect(at - (next!.at - t0) / 1000).toBeLessThan(2);
  });

  it('with the server stopped, both tabs still warn and leave on time', async () => {
    const { tabs, t0 } = await twoTabs();
    await sleepUntil(t0 + 1000);
    await server.stop();
    try {
      await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
      const reload = (tab: Page) =>
        tab.waitForRequest((r) => r.isNavigationRequest() && r.frame() == tab.mainFrame(), { timeout: 20_000 });
      await inEveryTab(tabs, t0, reload, 10, 15);
    } finally {
      await server.start();
    }
    // Back up, the server has ended the session on its own clock.
    await tabs[0].goto(server.url + '/');
    expect(tabs[0].url()).toMatch(/\/accounts\/login\/\?next=/);
  });
});

describe('a Django page starting the script from its data attributes, open in two tabs', () => {
  it('warns in both tabs between 5 and 9 s, then sends both to the login page between 10 and 15 s', async () => {
    const { tabs, pings, t0 } = await twoTabs('/data-start/');
    await inEveryTab(tabs, t0, (tab) => warningVisible(tab), 5, 9);
    await inEveryTab(tabs, t0, loginPage, 10, 15);
    expectOnePingPerPoint(pings);
  });
});

/** The user's answer to the warning: "Stay signed in" in our dialog; a key on the page's own markup, which has no button. */
async function stay(tab: Page) {
  const button = tab.getByRole('button', { name: 'Stay signed in' });
  if (await button.count()) await button.click();
  else await tab.keyboard.press('x');
}

describe.each([
  ["the package's all.html (drop-in)", '/'],
  ['the script started from its data attributes', '/data-start/'],
])('a Django page with %s: the user answering the warning a second before the server ends the session', (_, path) => {
  it.each([
    ['in its only tab', 1],
    ['in a second tab while the first is idle', 2],
  ])('keeps the session, %s; the next warning comes 5 s after the answer', async (_, count) => {
    const { tabs: all, t0 } = await twoTabs(path);
    const tabs = all.slice(2 - count);
    if (count == 1) await all[0].close();
    await sleepUntil(t0 + 9000);
    const answered = Date.now();
    await stay(tabs.at(-1)!);
    await sleepUntil(t0 + 11_000);
    for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe(path);
    expect(await serverIdle()).toBeLessThan(3);
    await inEveryTab(tabs, answered, (tab) => warningVisible(tab), 4.5, 7);
  });
});

it('a key pressed while a slow ping (answered in 800 ms) is in flight keeps the session', async () => {
  const { tabs, pings, t0 } = await twoTabs('/', undefined, { slowPing: true });
  // The final ping leaves about 9 s after the last page load; its answer comes 800 ms later.
  await sleepUntil(t0 + 9200);
  const pressed = Date.now();
  await tabs[1].keyboard.press('x');
  await sleepUntil(t0 + 11_500);
  for (const tab of tabs) expect(new URL(tab.url()).pathname).toBe('/');
  const report = pings.find((p) => p.at > pressed);
  expect(report?.idleFor).toBe('0');
  expect(await serverIdle()).toBeLessThan(3);
});
