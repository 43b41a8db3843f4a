import type { Shared } from '../idle-model.js';
import type { Platform } from '../platform.js';
import { absorb, BEHIND, REFUSED, serialize } from './shared-state.js';

/**
 * How long a tab that pinged keeps the others waiting, and how long a claim waits for rival
 * claims: a write or a message takes a few milliseconds to reach another tab's process.
 */
export const SETTLE = 100;

/** This tab's view of the browser's session, and the other tabs. */
export interface Tabs {
  /** The browser's record as this tab knows it; published with {@link Tabs.publish}. */
  shared: Shared;
  /** Merges the stored record, or `data` another tab posted; answers what it made of it (see {@link absorb}). */
  refresh(data?: unknown): ReturnType<typeof absorb>;
  /** Tells the other tabs, and the tabs opened later, what this tab knows. */
  publish(): void;
  /**
   * Runs `ping` in one tab of the browser while `due()` answers true: the tab that gets the Web
   * Lock first, else the tab whose claim stands after every tab's claim had time to arrive.
   * `due()` is asked with the other tabs' latest news, before each `ping`.
   */
  elect(due: () => boolean, ping: () => Promise<void>): Promise<void>;
  /** Leaves: withdraws a request for the lock, stops listening. */
  close(): void;
}

/** Joins the tabs of `namespace`; `changed` is called when another tab's news arrives. */
export function joinTabs(namespace: string, platform: Platform, shared: Shared, changed: () => void): Tabs {
  const closing = new AbortController();
  const { signal } = closing;
  const pause = (ms: number) =>
    new Promise<void>((done) => {
      // Closed: done at once, so a lock is never held by a tab that has gone. Not left on the
      // signal once done: a page without Web Locks pauses twice a claim, all day long.
      const stop = () => (platform.clearTimeout(timer), done());
      const timer = platform.setTimeout(() => (signal.removeEventListener('abort', stop), done()), ms);
      signal.addEventListener('abort', stop);
    });

  const refresh = (data?: unknown) => {
    try {
      return absorb(shared, data ?? platform.storage?.getItem(namespace), platform.now());
    } catch {
      // Not JSON: refused. Storage disabled or gone: this tab goes on alone.
      return REFUSED;
    }
  };
  const publish = () => {
    const data = serialize(shared);
    try {
      platform.storage?.setItem(namespace, data);
    } catch {
      // Quota or disabled storage: the channel still reaches the open tabs.
    }
    transport?.post(data);
  };
  const transport = platform.connect(namespace, (data) => {
    const merged = refresh(data);
    // A tab that joined without storage knows only the news sent since: it hears back, once,
    // what it lacks.
    if (merged == BEHIND) publish();
    if (merged) changed();
  });
  /** The stamp that tells the other tabs a ping went out, so none sends one for the same moment. */
  const stamp = (at: number) => {
    shared.pinged = at;
    publish();
  };
  /** Stamps a ping leaving now: after the last answer, even in its millisecond, so it reads as in flight. */
  const leave = () => stamp(Math.max(platform.now(), shared.answered + 0.01));

  const elect = async (due: () => boolean, ping: () => Promise<void>): Promise<void> => {
    const { locks } = platform;
    if (locks)
      // Queued, never skipped: a tab that asks while another pings gets its turn and judges
      // again with what that ping learnt.
      return void (await locks
        .request(namespace + ':ping', { signal }, async () => {
          let sent = false;
          while (!signal.aborted && (refresh(), due())) {
            leave();
            await ping();
            sent = true;
          }
          // Held a little longer, so the next tab's storage has the news before it judges; by
          // a tab destroyed meanwhile too (one closed lets go with its page).
          if (sent) await new Promise<void>((done) => platform.setTimeout(done, SETTLE));
        })
        .catch(() => {
          // Withdrawn when the tab closed.
        }));
    // Without Web Locks (pages served over plain HTTP): every tab due at this moment posts a
    // claim; the greatest stands (the random fraction breaks ties), the others step back. A tab
    // that has just joined first listens as long as a claim takes to arrive: one posted before
    // it subscribed, or erased from storage by a lower one written after it, would escape it.
    const listening = joined + SETTLE - platform.now();
    if (listening > 0) await pause(listening);
    while (!signal.aborted && due()) {
      const claim = platform.now() + Math.random();
      stamp(claim);
      await pause(SETTLE);
      refresh();
      if (signal.aborted) return;
      // Beaten: waits for the winner's stamp (see below) before this tab judges again.
      if (shared.pinged != claim) return pause(SETTLE);
      // Stamped again as it leaves: a rival whose claim came during the wait (it judged with
      // news this tab lacked) sees it beaten, and no point before now is pinged twice.
      leave();
      await ping();
    }
  };

  const joined = platform.now();
  refresh();
  return {
    shared,
    refresh,
    publish,
    elect,
    close() {
      closing.abort();
      transport?.close();
    },
  };
}
