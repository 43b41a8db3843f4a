// 7. Idle cost: timer wake-ups while nothing happens, before the warning (warnAfter 600 s). An init
// script, run before anything on the page, wraps setTimeout, setInterval and requestAnimationFrame
// so each callback that runs is counted. Counting starts 2 s after the load and lasts `seconds`
// (30 s by default, scaled to a minute); the pages of the baseline, ours (drop-in and script tag)
// and the old client idle side by side, each in its own context.
import { openTabs, sleep } from '../browser.mjs';
import { pageUrl } from '../server.mjs';

function countWakeUps() {
  let count = 0;
  const wrap = (name) => {
    const native = window[name];
    window[name] = function (fn, ...rest) {
      return native.call(this, typeof fn == 'function' ? (...a) => (count++, fn(...a)) : fn, ...rest);
    };
  };
  for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame']) wrap(name);
  window.__wakeUps = () => count;
}

export async function measureIdle(
  browser,
  server,
  { seconds = 30, clients = ['none', 'ours', 'ours-data', 'old'] } = {},
) {
  const pages = await Promise.all(
    clients.map(
      async (client) =>
        (
          await openTabs(
            browser,
            1,
            pageUrl(server.url, { client, warn: 600, expire: 1200, label: `idle-${client}` }),
            { init: countWakeUps },
          )
        ).tabs[0],
    ),
  );
  await sleep(2000);
  const start = await Promise.all(pages.map((p) => p.evaluate(() => window.__wakeUps())));
  await sleep(seconds * 1000);
  const end = await Promise.all(pages.map((p) => p.evaluate(() => window.__wakeUps())));
  // The counter must see a timer when there is one.
  for (const page of pages) {
    const seen = await page.evaluate(async () => {
      const before = window.__wakeUps();
      await new Promise((done) => setTimeout(done, 0));
      return window.__wakeUps() - before;
    });
    if (seen != 1) throw new Error(`the wake-up counter missed a timer on ${page.url()}`);
  }
  await Promise.all(pages.map((p) => p.context().close()));
  const result = { seconds, perMinute: {}, pings: {} };
  clients.forEach((client, i) => {
    result.perMinute[client] = ((end[i] - start[i]) * 60) / seconds;
    result.pings[client] = server.pings(`idle-${client}`).length;
  });
  return result;
}
