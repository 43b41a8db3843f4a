// 2. Main-thread cost of activity tracking: the time to dispatch 100,000 mouse moves and 100,000
// scroll events on a page with the SDK minus the same on the same page without it. A mouse move is
// what Chromium dispatches for one: `pointermove` then `mousemove` (ours listens to the first, the
// old client to the second). Synthetic events are untrusted and ours ignores those by default, so
// its pages set `trustedEventsOnly: false` to do the same work as the old client. The work is cut
// in batches of 10,000 events; the three pages take turns batch by batch (rotating the order), so
// load from elsewhere on the machine hits them alike; the median batch, scaled to 100,000.
import { openTabs } from '../browser.mjs';
import { pageUrl } from '../server.mjs';
import { median } from '../stats.mjs';

const PER = 100_000;
const BATCH = 10_000;

/** Runs in the page: milliseconds to dispatch `n` events of `kind`. */
function dispatch({ kind, n }) {
  const target = document.querySelector('input');
  const t = performance.now();
  if (kind == 'mousemove')
    for (let i = 0; i < n; i++) {
      const init = { bubbles: true, cancelable: true, composed: true, clientX: i % 500, clientY: 100 };
      target.dispatchEvent(
        new PointerEvent('pointermove', { ...init, pointerId: 1, pointerType: 'mouse', isPrimary: true }),
      );
      target.dispatchEvent(new MouseEvent('mousemove', init));
    }
  else for (let i = 0; i < n; i++) document.dispatchEvent(new Event('scroll', { bubbles: true }));
  return performance.now() - t;
}

export async function measureHandlers(
  browser,
  server,
  { repetitions = 40, warmup = 4, clients = ['none', 'ours', 'old'] } = {},
) {
  const pages = {};
  for (const client of clients) {
    const { tabs } = await openTabs(
      browser,
      1,
      pageUrl(server.url, { client, label: `handlers-${client}`, trusted: false }),
    );
    pages[client] = tabs[0];
  }
  const times = Object.fromEntries(clients.map((c) => [c, { mousemove: [], scroll: [] }]));
  for (let r = 0; r < warmup + repetitions; r++)
    for (let i = 0; i < clients.length; i++) {
      const client = clients[(r + i) % clients.length];
      for (const kind of ['mousemove', 'scroll']) {
        const ms = await pages[client].evaluate(dispatch, { kind, n: BATCH });
        if (r >= warmup) times[client][kind].push((ms * PER) / BATCH);
      }
    }
  for (const page of Object.values(pages)) await page.context().close();

  const result = { events: PER, batch: BATCH, repetitions, dispatchMs: {}, costMs: {} };
  for (const client of clients) {
    const m = { mousemove: median(times[client].mousemove), scroll: median(times[client].scroll) };
    result.dispatchMs[client] = { ...m, total: m.mousemove + m.scroll };
  }
  for (const client of clients.filter((c) => c != 'none')) {
    const d = result.dispatchMs[client];
    const base = result.dispatchMs.none;
    result.costMs[client] = {
      mousemove: d.mousemove - base.mousemove,
      scroll: d.scroll - base.scroll,
      total: d.total - base.total,
    };
  }
  result.ratio = result.costMs.ours.total / result.costMs.old.total;
  return result;
}
