// 5. Expiry punctuality. After the page has settled (1 to 2 s, a random phase each trial), one
// trusted mouse move at T, then nothing: the deadline is T + expireAfter. Measured: milliseconds
// from the deadline to the page being covered. Ours covers it (a fixed layer appears); the old
// client has no cover, so its page is covered when /expired replaces it. Also when it starts
// leaving (beforeunload). Negative: before the deadline. Also from the server's own end (its last
// stamp plus expireAfter): the deadline the browser can know of, since the server dates activity
// in whole seconds (the page covered after it shows what the server no longer grants).
//
// Headless Chromium never hides a page (every tab reports "visible" and none is throttled, whatever
// is in front), so a hidden tab is emulated: `document.visibilityState` reads "hidden" and timer
// callbacks run on whole seconds, the alignment Chrome applies to hidden pages (not the one-minute
// alignment it applies after five minutes hidden). Scenarios: a visible tab alone; a visible tab
// where the user works with a hidden tab of the same session; a tab hidden right after the move.
import { sleep, until } from '../browser.mjs';
import { pageUrl } from '../server.mjs';
import { EXPIRED_URL } from '../pages.mjs';
import { median, max } from '../stats.mjs';

/** Init script: `__hide()` turns the page into a hidden one, timers included. */
function emulateHidden() {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden });
  const native = { set: window.setTimeout.bind(window), clear: window.clearTimeout.bind(window) };
  // A callback put off to the next whole second keeps the id the page holds, so clearTimeout works.
  const current = new Map();
  window.setTimeout = (fn, ms, ...args) => {
    if (typeof fn != 'function') return native.set(fn, ms);
    // Due on the next whole second of the page's clock after the time asked, as Chrome aligns them.
    const due = Math.ceil((performance.now() + Math.max(0, Number(ms) || 0)) / 1000) * 1000;
    const run = () => {
      const early = due - performance.now();
      if (hidden && early > 0) current.set(id, native.set(run, early));
      else {
        current.delete(id);
        fn(...args);
      }
    };
    const id = native.set(run, ms);
    current.set(id, id);
    return id;
  };
  window.clearTimeout = (id) => {
    native.clear(current.get(id) ?? id);
    current.delete(id);
  };
  window.__hide = () => {
    hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

/** Marks 'covered' when a fixed layer appears outside the old warning's markup. */
function watchCover() {
  new MutationObserver((records) => {
    for (const r of records)
      for (const node of r.addedNodes)
        if (
          node.nodeType == 1 &&
          !node.closest('#session_security_warning') &&
          getComputedStyle(node).position == 'fixed'
        )
          window.__bench.mark('covered');
  }).observe(document.documentElement, { childList: true, subtree: true });
}

/** `kinds`, one per tab: 'visible', 'hidden' (from its load on), 'hide' (hidden right after the move). The move is in the first tab. */
async function trial(browser, server, client, kinds, { warn, expire }) {
  const context = await browser.newContext();
  await context.addInitScript(emulateHidden);
  const url = pageUrl(server.url, { client, warn, expire, label: `expiry-${client}` });
  const tabs = [];
  for (const kind of kinds) {
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.evaluate(watchCover);
    if (kind == 'hidden') await tab.evaluate(() => window.__hide());
    tabs.push(tab);
  }
  await sleep(1000 + Math.random() * 1000);
  const [first] = tabs;
  await first.evaluate(() =>
    addEventListener('pointermove', () => window.__bench.mark('activity'), { once: true, capture: true }),
  );
  await first.mouse.move(100, 100);
  const activity = await first.evaluate(() => window.__bench.marks.activity);
  if (kinds[0] == 'hide') await first.evaluate(() => window.__hide());
  const deadline = activity + expire * 1000;

  const session = (await context.cookies()).find((cookie) => cookie.name == 'bench_session')?.value;
  const done = await until(() => tabs.every((t) => t.url().endsWith(EXPIRED_URL)), (expire + 6) * 1000, 50);
  await sleep(100);
  const end = server.end(session);
  const out = [];
  for (const tab of tabs) {
    const marks = done ? await tab.evaluate(() => JSON.parse(sessionStorage.getItem('bench-marks') || '{}')) : {};
    out.push({
      covered: (marks.covered ?? marks.replaced) - deadline,
      coveredAfterServer: (marks.covered ?? marks.replaced) - end,
      leave: marks.leave - deadline,
      replaced: marks.replaced - deadline,
    });
  }
  await context.close();
  return out;
}

const SCENARIOS = [
  { kinds: ['visible'], names: ['visible tab alone'] },
  { kinds: ['visible', 'hidden'], names: ['visible tab, with a hidden one', 'hidden tab, with a visible one'] },
  { kinds: ['hide'], names: ['hidden tab alone'] },
];

export async function measureExpiry(
  browser,
  server,
  { trials = 5, warn = 3, expire = 5, clients = ['ours', 'old'] } = {},
) {
  const samples = {};
  for (let i = 0; i < trials; i++) {
    const jobs = clients.flatMap((client) =>
      SCENARIOS.map((s) =>
        trial(browser, server, client, s.kinds, { warn, expire }).then((tabs) => ({ client, s, tabs })),
      ),
    );
    for (const { client, s, tabs } of await Promise.all(jobs))
      s.names.forEach((name, k) => ((samples[name] ??= {})[client] ??= []).push(tabs[k]));
  }
  const result = { trials, warn, expire, scenarios: {} };
  for (const [scenario, byClient] of Object.entries(samples)) {
    result.scenarios[scenario] = {};
    for (const [client, list] of Object.entries(byClient)) {
      const summary = {};
      for (const what of ['covered', 'coveredAfterServer', 'leave', 'replaced']) {
        const xs = list.map((t) => t[what]).filter(Number.isFinite);
        summary[what] = {
          median: xs.length ? median(xs) : null,
          worst: xs.length ? max(xs) : null,
          missing: list.length - xs.length,
        };
      }
      result.scenarios[scenario][client] = summary;
    }
  }
  return result;
}
