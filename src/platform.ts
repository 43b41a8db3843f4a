import { listen } from './listen.js';

/** A connection to the other tabs of the browser. */
export interface Transport {
  /** Sends `data` to every other tab; never back to this one. */
  post(data: string): void;
  close(): void;
}

/** Storage as the engine needs it; any call may throw (disabled, private mode, quota). */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Everything the engine reaches outside itself: replace it in tests, or in an environment
 * without these globals.
 */
export interface Platform {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * When the page's request was sent, on the clock of `now`: the navigation's final request (after
   * redirects), which the server counted as activity, however late the script runs.
   */
  origin: number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** Shared with the other tabs, readable by a tab opened later; undefined when unusable. */
  storage: KeyValue | undefined;
  /** Joins the tabs of namespace `name`; `receive` gets what others post. Undefined: this tab is alone. */
  connect(name: string, receive: (data: unknown) => void): Transport | undefined;
  /**
   * Web Locks (`navigator.locks`): `fn` runs once lock `name` is granted, after the tabs that
   * asked before; aborting `signal` withdraws a request not yet granted. Undefined where the
   * browser has none (pages not served over HTTPS or from localhost).
   */
  locks:
    { request(name: string, options: { signal: AbortSignal }, fn: () => Promise<void>): Promise<unknown> } | undefined;
  /** Leaves the page: to `url`, or reloads when it is empty. */
  navigate(url: string): void;
}

/** Longer delays overflow a browser's timer and fire at once (https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#maximum_delay_value). */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Epoch milliseconds that advance, between two readings, by the most that either of the
 * system's clocks advanced: moving the wall clock back never gives an idle user more time, even
 * across a sleep during which the monotonic clock stood still (it does on some systems); moving
 * it forwards, or sleeping, is seen through `Date.now()`.
 */
export function clock(): () => number {
  // The first reading is `Date.now()`.
  let wall = 0;
  let date = 0;
  let monotonic = 0;
  return () => {
    const now = performance.now();
    const today = Date.now();
    wall += Math.max(today - date, now - monotonic);
    date = today;
    monotonic = now;
    return wall;
  };
}

/** The browser's platform. Built on first use, never at import. */
export function browserPlatform(): Platform {
  let storage: KeyValue | undefined;
  try {
    storage = localStorage;
  } catch {
    // Blocked (sandboxed frame, cookies disabled): storage stays undefined; a storage whose
    // writes throw (quota, private mode) is handled where it is written.
  }
  const now = clock();
  const today = now();
  // Optional: jsdom, where apps run their tests, has no performance timeline.
  const navigation = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  // The request the server counted is the navigation's last (after its redirects), fetched from
  // `fetchStart`, on the monotonic clock (not `requestStart`: with it, a page's deadline in
  // Firefox came 278 ms after the server's end once, test/django/leave.test.ts). The wall clock
  // (`timeOrigin`) is not trusted short of a minute: browsers' drifts from `Date.now()` by a few
  // hundred ms, and under load by seconds (with a cap of 2 s, a ping moved the Django server's
  // stamp in that test: the idle time read short). A monotonic clock a minute or more ahead of
  // it is a test's fake clock, shared by the pages of its browser context and run ahead by one
  // of them: the wall clock tells the time since this page's navigation then (issue 20,
  // test/browser/clock-jump.test.ts).
  const monotonic = performance.now();
  const wall = today - performance.timeOrigin;
  const since = (monotonic > wall + 60_000 ? wall : monotonic) - (navigation?.fetchStart ?? 0);
  return {
    now,
    origin: today - Math.max(0, since),
    setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, MAX_DELAY)),
    clearTimeout: (id) => clearTimeout(id as number),
    fetch: (url, init) => fetch(url, init),
    storage,
    // BroadcastChannel, else `storage` events.
    connect(name, receive) {
      if (typeof BroadcastChannel == 'function') {
        const channel = new BroadcastChannel(name);
        channel.onmessage = (event) => receive(event.data);
        return { post: (data) => channel.postMessage(data), close: () => channel.close() };
      }
      if (!storage) return;
      // A message is written to a key of its own and removed at once: every post changes the
      // key, so every post fires a `storage` event in the other tabs, the same message twice too
      // (an event fires only when a value changes: https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-setitem).
      const key = name + ':message';
      const close = listen<StorageEvent>(
        window,
        'storage',
        (event) => event.key == key && event.newValue && receive(event.newValue),
      );
      return {
        post(data) {
          try {
            storage.setItem(key, data);
            storage.removeItem(key);
          } catch {
            // Quota or disabled storage: this tab is alone.
          }
        },
        close,
      };
    },
    locks: navigator.locks,
    navigate: (url) => (url ? location.assign(url) : location.reload()),
  };
}
