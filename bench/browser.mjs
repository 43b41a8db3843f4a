// Real Chromium through playwright-core, with the project's launch arguments.
import { CHROMIUM_PATH, launchChromium } from '../scripts/browsers.mjs';

export const CHROMIUM = CHROMIUM_PATH;
export const launch = launchChromium;

/** `count` tabs of one new browser context (shared cookies, storage, BroadcastChannel), each at `url`, opened one after another. */
export async function openTabs(browser, count, url, { init } = {}) {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const tab = await context.newPage();
    await tab.goto(url);
    tabs.push(tab);
  }
  return { context, tabs };
}

/** Listeners on `document` and `window`, per event type, through the DevTools protocol. */
export async function listeners(page) {
  const cdp = await page.context().newCDPSession(page);
  const counts = {};
  try {
    for (const expression of ['document', 'window']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      for (const l of listeners) counts[`${expression}:${l.type}`] = (counts[`${expression}:${l.type}`] ?? 0) + 1;
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    }
  } finally {
    await cdp.detach();
  }
  return counts;
}

/** JS heap in use after forced garbage collections. */
export async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Waits until `check()` is truthy, polling; answers false after `timeout` ms. */
export async function until(check, timeout, every = 20) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await sleep(every);
  }
}
