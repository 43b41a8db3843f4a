// What a page of the Django suite tells on its own clock (epoch ms, the machine's clock that the
// test process reads too): the suite's timing assertions read the SDK's moments from here rather
// than from when the test process happened to ask, which a busy machine delays.
import type { Page } from 'playwright-core';

/**
 * A ping as the page sent it: when it left and was answered, its idle seconds and the answer; and
 * as the server received it (project/arrival.py): when it reached session security, and the stamp
 * it found there (none once the session is gone).
 */
export interface Ping {
  sent: number;
  idleFor: number;
  answered?: number;
  answer?: unknown;
  arrived?: number;
  stamp?: number;
}

/**
 * The user's last trusted input, the moments of the warning and the end, the deadline the
 * countdown counts to while it shows (the SDK's own: its record's stamps plus `expireAfter`, not
 * the moment a tick ran, which a busy machine delays), and the page's pings.
 */
export interface Seen {
  input?: number;
  warned?: number;
  expired?: number;
  /** Why it ended: the `expire` event's reason. */
  reason?: string;
  /** When the page began to leave (`beforeunload`). */
  left?: number;
  deadline?: number;
  pings: Ping[];
  /** Each tick whose seconds disagreed with the deadline the SDK counts to: never, when it is right. */
  disagreements: { now: number; secondsLeft: number; deadline: number }[];
}

export const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, t - Date.now()));

/** Reads `read()` every 200 ms until `done` holds or `timeout` ms have passed; the last value. */
export const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeout: number): Promise<T> => {
  for (const end = Date.now() + timeout; ; await new Promise((r) => setTimeout(r, 200))) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
  }
};

/**
 * Watches the page's SDK (`window.sessionSecurity`, the drop-in's instance, ending sessions
 * `expireAfter` ms idle), its pings and the user's input.
 */
export async function watch(tab: Page, expireAfter: number) {
  await tab.waitForFunction(() => 'sessionSecurity' in window);
  await tab.evaluate((expireAfter) => {
    // Kept in sessionStorage: read after the page has left for the login page too.
    const seen: Record<string, unknown> & { pings: object[]; disagreements: object[] } = {
      pings: [],
      disagreements: [],
    };
    const save = () => sessionStorage.setItem('seen', JSON.stringify(seen));
    const note = (name: string, value = Date.now()) => {
      seen[name] = value;
      save();
    };
    save();
    // The SDK calls the global `fetch` at each ping.
    const send = window.fetch;
    window.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input, location.href);
      const response = send(input, init);
      if (url.pathname != '/session_security/ping/') return response;
      const ping: object = { sent: Date.now(), idleFor: Number(url.searchParams.get('idleFor')) };
      seen.pings.push(ping);
      save();
      void response
        .then((answer) => {
          for (const [name, field] of [
            ['X-Arrived', 'arrived'],
            ['X-Stamp', 'stamp'],
          ]) {
            const value = answer.headers.get(name);
            if (value) Object.assign(ping, { [field]: Number(value) });
          }
          return answer.clone().json();
        })
        .then((answer) => Object.assign(ping, { answered: Date.now(), answer }))
        .catch((error: Error) => Object.assign(ping, { answered: Date.now(), answer: error.message }))
        .finally(save);
      return response;
    };
    /** The deadline the SDK counts to: from the earlier of the last activity and the server's stamp it knows. */
    const deadline = () => {
      const key = Object.keys(localStorage).find((name) => name.startsWith('session-security:'))!;
      const record = JSON.parse(localStorage.getItem(key)!) as { activity: number; server: number };
      return Math.min(record.activity, record.server) + expireAfter;
    };
    const session = (window as unknown as { sessionSecurity: EventTarget }).sessionSecurity;
    for (const type of ['pointermove', 'keydown', 'pointerdown'])
      addEventListener(type, (event) => event.isTrusted && note('input'), true);
    session.addEventListener('warn', () => seen.warned ?? note('warned'));
    // When the page began to leave (the SDK's navigation, or any other): as it starts, not when
    // the next page arrives (Firefox unloaded one after the test had read it).
    addEventListener('beforeunload', () => note('left'));
    session.addEventListener('expire', (event) => {
      if (seen.expired) return;
      seen.reason = (event as CustomEvent<{ reason: string }>).detail.reason;
      note('expired');
    });
    session.addEventListener('change', (event) => {
      const { state, secondsLeft } = (event as CustomEvent<{ state: string; secondsLeft?: number }>).detail;
      if (state != 'warning') return;
      const now = Date.now();
      const end = deadline();
      // The countdown shows the whole seconds left to that deadline, however late its tick ran
      // (within the few ms the SDK's clock and the page's may part).
      if (!(end > now + (secondsLeft! - 1) * 1000 - 50 && end <= now + secondsLeft! * 1000 + 50))
        seen.disagreements.push({ now, secondsLeft, deadline: end });
      note('deadline', end);
    });
  }, expireAfter);
  const read = () =>
    tab.evaluate(() => JSON.parse(sessionStorage.getItem('seen') ?? '{"pings":[],"disagreements":[]}') as Seen);
  // Read again once a page that ended has left for the next one: its navigation may go through
  // redirects (the login page's), each destroying the context a read began in, however long a
  // busy machine takes; a tenth of a second apart, for 10 s at most.
  return async (): Promise<Seen> => {
    for (const end = Date.now() + 10_000; ;) {
      try {
        return await read();
      } catch (error) {
        if (Date.now() > end) throw error;
        await tab.waitForLoadState().catch(() => {});
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  };
}
