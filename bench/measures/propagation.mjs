// 4. Propagation: five tabs of one context all show the warning; a trusted mouse move in one tab
// (page.mouse.move; the active tab rotates); in each other tab, the milliseconds until its
// `#session_security_warning` is hidden (same markup and inline call for both clients: the
// drop-in page). A tab whose warning is still shown after the cap counts as the cap.
// Times are taken in the pages (performance.timeOrigin + performance.now()).
import { openTabs, until } from '../browser.mjs';
import { pageUrl } from '../server.mjs';
import { EXPIRED_URL } from '../pages.mjs';
import { median, max } from '../stats.mjs';

const shown = (tab) => tab.evaluate(() => window.__bench.warning.visible?.() ?? false).catch(() => false);

async function trials(browser, server, client, { tabs: count, trials: n, warn, expire, cap }) {
  const url = pageUrl(server.url, { client, warn, expire, label: `propagation-${client}` });
  let opened = await openTabs(browser, count, url);
  const delays = [];
  let x = 10;
  let reloads = 0;
  const restart = async () => {
    if (++reloads > 5)
      throw new Error(
        `propagation (${client}): the session ended before the tabs all warned, or before the move landed, 6 times`,
      );
    await opened.context.close();
    opened = await openTabs(browser, count, url);
  };
  for (let trial = 0; trial < n;) {
    const { tabs } = opened;
    const ready = await until(async () => (await Promise.all(tabs.map(shown))).every(Boolean), (expire + 2) * 1000, 10);
    // The session ended before every tab warned at once (the old client's tabs drift): start over.
    if (!ready || tabs.some((t) => t.url().endsWith(EXPIRED_URL))) {
      await restart();
      continue;
    }
    const active = tabs[trial % count];
    const others = tabs.filter((t) => t != active);
    await active.evaluate(() => {
      window.__bench.activityAt = undefined;
      // The first event of a real mouse move is its pointermove.
      addEventListener('pointermove', () => (window.__bench.activityAt ??= window.__bench.now()), {
        once: true,
        capture: true,
      });
    });
    x = x == 10 ? 200 : 10;
    await active.mouse.move(x, 50 + trial);
    // Playwright's move waits for the page's next frame (up to a second in a tab behind others):
    // the session may end before it lands, and the page leave. That trial starts over.
    const activityAt = await active.evaluate(() => window.__bench.activityAt).catch(() => undefined);
    if (activityAt === undefined) {
      await restart();
      continue;
    }
    await until(async () => !(await Promise.all(others.map(shown))).some(Boolean), cap, 10);
    for (const tab of others) {
      const hiddenAt = await tab
        .evaluate(() => (window.__bench.warning.visible() ? undefined : window.__bench.warning.hidden))
        .catch(() => undefined);
      delays.push(hiddenAt === undefined ? cap : Math.min(cap, hiddenAt - activityAt));
    }
    trial++;
  }
  await opened.context.close();
  return {
    samples: delays.length,
    median: median(delays),
    worst: max(delays),
    capped: delays.filter((d) => d >= cap).length,
    reloads,
  };
}

export async function measurePropagation(
  browser,
  server,
  { tabs = 5, trials: n = 20, warn = 3, expire = 5, clients = ['ours', 'old'] } = {},
) {
  // The old client hides another tab's warning only at that tab's next ping, at its expiry deadline.
  const cap = (expire - warn + 1) * 1000;
  const result = { tabs, trials: n, warn, expire, capMs: cap };
  for (const client of clients)
    result[client] = await trials(browser, server, client, { tabs, trials: n, warn, expire, cap });
  return result;
}
