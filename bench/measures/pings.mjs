// 3. Pings per warn cycle: N tabs of one browser context load the page, then nobody touches
// anything: the session goes through its warning to its expiry. The server counts every ping
// from the first page load until every tab has left for /expired. Ours and the old client run
// side by side (two contexts, two ping labels) for each N.
import { openTabs, sleep, until } from '../browser.mjs';
import { pageUrl } from '../server.mjs';
import { EXPIRED_URL } from '../pages.mjs';

async function cycle(browser, server, client, tabs, { warn, expire }) {
  const label = `pings-${client}-${tabs}`;
  const url = pageUrl(server.url, { client, warn, expire, label });
  const opened = await openTabs(browser, tabs, url);
  const gone = await until(() => opened.tabs.every((t) => t.url().endsWith(EXPIRED_URL)), (expire + 8) * 1000, 100);
  // A ping still in flight when the last tab left is counted too.
  await sleep(500);
  await opened.context.close();
  const pings = server.pings(label);
  return { pings: pings.length, allExpired: gone, answers: pings.map((p) => p.answer) };
}

export async function measurePings(
  browser,
  server,
  { tabCounts = [1, 2, 5, 10], warn = 4, expire = 8, clients = ['ours', 'old'] } = {},
) {
  const result = { warn, expire, byTabs: {} };
  for (const tabs of tabCounts) {
    const runs = await Promise.all(clients.map((client) => cycle(browser, server, client, tabs, { warn, expire })));
    result.byTabs[tabs] = Object.fromEntries(clients.map((client, i) => [client, runs[i]]));
  }
  return result;
}
