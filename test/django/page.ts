// What a page of the Django suite tells on its own clock (epoch ms, the machine's clock that the
// test process reads too): the suite's timing assertions read the SDK's moments from here rather
// than from when the test process happened to ask, which a busy machine delays.
import type { Page } from 'playwright-core';

/**
 * The user's last trusted input, the moments of the warning and the end, and the deadline the
 * countdown shows, read when it ticks (each tick falls on a whole second before the deadline).
 */
export interface Seen {
  input?: number;
  warned?: number;
  expired?: number;
  deadline?: number;
}

export const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, t - Date.now()));

/** Reads `read()` every 200 ms until `done` holds or `timeout` ms have passed; the last value. */
export const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeout: number): Promise<T> => {
  for (const end = Date.now() + timeout; ; await new Promise((r) => setTimeout(r, 200))) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
  }
};

/** Watches the page's SDK (`window.sessionSecurity`, the drop-in's instance) and the user's input. */
export async function watch(tab: Page) {
  await tab.waitForFunction(() => 'sessionSecurity' in window);
  await tab.evaluate(() => {
    type Snapshot = { state: string; secondsLeft?: number };
    // Kept in sessionStorage: read after the page has left for the login page too.
    const seen: Record<string, number> = {};
    const note = (name: string, value = Date.now()) => {
      seen[name] = value;
      sessionStorage.setItem('seen', JSON.stringify(seen));
    };
    const session = (window as unknown as { sessionSecurity: EventTarget }).sessionSecurity;
    for (const type of ['pointermove', 'keydown', 'pointerdown'])
      addEventListener(type, (event) => event.isTrusted && note('input'), true);
    session.addEventListener('warn', () => seen.warned ?? note('warned'));
    session.addEventListener('expire', () => seen.expired ?? note('expired'));
    let ticks = 0;
    session.addEventListener('change', (event) => {
      const { state, secondsLeft } = (event as CustomEvent<Snapshot>).detail;
      // The first warning snapshot comes when the warning shows, the next ones on whole seconds.
      if (state == 'warning' && ticks++) note('deadline', Date.now() + secondsLeft! * 1000);
    });
  });
  const read = () => tab.evaluate(() => JSON.parse(sessionStorage.getItem('seen') ?? '{}') as Seen);
  // Read again once a page that ended has left for the next one.
  return () => read().catch(() => tab.waitForLoadState().then(read));
}
