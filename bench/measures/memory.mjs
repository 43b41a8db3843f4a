// 6. Memory and cleanup. Ours: cycles of `new SessionSecurity(options).destroy()` (the classic
// script's global, with its dialog), and of the drop-in `new yourlabs.SessionSecurity`: 1,000 of
// warm-up (the engine's first thousand grow V8's code and feedback, an empty loop's too), then two
// rounds of 1,000. Before and after: listeners on document and window (DevTools protocol
// DOMDebugger.getEventListeners), pending timers (counted by an init script), elements, and the JS
// heap after forced garbage collection (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
// A leak grows the heap every round. The old client has no destroy: what one construction adds
// (native listeners, jQuery handlers, pending timers).
import { heapAfterGc, listeners } from '../browser.mjs';
import { pageUrl } from '../server.mjs';

const CYCLES = 1000;
const WARMUP = 1000;
// Heap growth of a round under this is noise: 32 bytes a cycle.
const NOISE_PER_CYCLE = 32;

/** Init script: counts timers set and not yet run or cleared. */
function countTimers() {
  const pending = new Set();
  const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop } = window;
  window.setTimeout = function (fn, ...rest) {
    const id = set.call(this, typeof fn == 'function' ? (...a) => (pending.delete(id), fn(...a)) : fn, ...rest);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => (pending.delete(id), clear(id));
  window.setInterval = function (...args) {
    const id = every.apply(this, args);
    pending.add(id);
    return id;
  };
  window.clearInterval = (id) => (pending.delete(id), stop(id));
  window.__pendingTimers = () => pending.size;
}

const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

async function snapshot(page) {
  const l = await listeners(page);
  const { timers, elements, jquery } = await page.evaluate(() => ({
    timers: window.__pendingTimers(),
    elements: document.getElementsByTagName('*').length,
    // jQuery keeps one native listener per type and its handlers in its own list.
    jquery: window.jQuery
      ? Object.values(window.jQuery._data(document, 'events') ?? {}).reduce((n, list) => n + list.length, 0)
      : 0,
  }));
  return { listeners: total(l), byType: l, timers, elements, jquery };
}

/** Runs in the page: `n` create/destroy cycles of `which`, yielding to the event loop every 50. */
async function cycles({ which, n, pingUrl }) {
  const Class = which == 'legacy' ? window.yourlabs.SessionSecurity : window.SessionSecurity;
  for (let i = 0; i < n; i++) {
    new Class({ pingUrl, warnAfter: 600, expireAfter: 1200 }).destroy();
    if (i % 50 == 49) await new Promise((done) => setTimeout(done, 0));
  }
  await new Promise((done) => setTimeout(done, 50));
}

async function ours(browser, server, which) {
  const context = await browser.newContext();
  await context.addInitScript(countTimers);
  const page = await context.newPage();
  await page.goto(pageUrl(server.url, { client: 'ours-class' }));
  const pingUrl = '/ping/memory/';
  const before = await snapshot(page);
  await page.evaluate(cycles, { which, n: WARMUP, pingUrl });
  // One instance alive, to show the count sees what an instance adds.
  await page.evaluate(
    ({ which, pingUrl }) => {
      const Class = which == 'legacy' ? window.yourlabs.SessionSecurity : window.SessionSecurity;
      window.__alive = new Class({ pingUrl, warnAfter: 600, expireAfter: 1200 });
    },
    { which, pingUrl },
  );
  const alive = await snapshot(page);
  await page.evaluate(() => window.__alive.destroy());
  const heap = [await heapAfterGc(page)];
  for (let round = 0; round < 2; round++) {
    await page.evaluate(cycles, { which, n: CYCLES, pingUrl });
    heap.push(await heapAfterGc(page));
  }
  const after = await snapshot(page);
  await context.close();
  const growth = [heap[1] - heap[0], heap[2] - heap[1]];
  const noise = NOISE_PER_CYCLE * CYCLES;
  return {
    cycles: CYCLES,
    listeners: { before: before.listeners, alive: alive.listeners, after: after.listeners },
    timers: { before: before.timers, alive: alive.timers, after: after.timers },
    elements: { before: before.elements, alive: alive.elements, after: after.elements },
    heap: { before: heap[0], growthPerRound: growth, noise },
    clean:
      after.listeners == before.listeners &&
      after.timers == before.timers &&
      after.elements == before.elements &&
      growth.every((g) => g <= noise),
  };
}

async function old(browser, server) {
  const context = await browser.newContext();
  await context.addInitScript(countTimers);
  const page = await context.newPage();
  // The old page constructs one instance inline; count what a second and a third construction add.
  await page.goto(pageUrl(server.url, { client: 'old', label: 'memory-old' }));
  const before = await snapshot(page);
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++)
      new window.yourlabs.SessionSecurity({
        pingUrl: '/ping/memory-old/',
        warnAfter: 600,
        expireAfter: 1200,
        confirmFormDiscard: 'Unsaved changes.',
      });
  });
  const after = await snapshot(page);
  await context.close();
  return {
    destroy: false,
    perConstruction: {
      listeners: (after.listeners - before.listeners) / 2,
      jqueryHandlers: (after.jquery - before.jquery) / 2,
      timers: (after.timers - before.timers) / 2,
    },
    handlersOfOne: before.jquery,
  };
}

export async function measureMemory(browser, server) {
  return {
    ours: await ours(browser, server, 'class'),
    oursDropIn: await ours(browser, server, 'legacy'),
    old: await old(browser, server),
  };
}
