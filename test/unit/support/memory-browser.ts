import type { Platform } from '../../../src/platform';

export interface MemoryBrowserOptions {
  /** Storage works; false: every call throws, as in a browser with storage disabled. @default true */
  storage?: boolean;
  /** BroadcastChannel exists; without it, tabs hear each other through storage events, as browsers do. @default true */
  channel?: boolean;
  /** Web Locks exist (secure contexts only, in real browsers). @default true */
  locks?: boolean;
  /** Milliseconds before a write or a message reaches the other tabs (another process). @default 5 */
  lag?: number;
}

/**
 * One browser in memory: its tabs share storage, a broadcast channel and Web Locks, on the (fake)
 * clock and timers of vitest. Never kinder than a browser: a write or a message reaches the other
 * tabs `lag` ms later, each in a task of its own; a lock is granted in a later task, never within
 * the call that asks for it; a storage event fires only when a value changed.
 */
export function memoryBrowser(options: MemoryBrowserOptions = {}) {
  const { lag = 5 } = options;
  const store = new Map<string, string>();
  const views = new Set<Map<string, string>>();
  const channels = new Map<string, Set<(data: unknown) => void>>();
  const storageListeners = new Set<(key: string, value: string | null, view: Map<string, string>) => void>();
  const locks = new Map<string, (() => void)[]>();
  let writes = 0;
  const later = (fn: () => void) => setTimeout(fn, lag);
  const broken = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };

  /** Queued as `navigator.locks.request` queues: granted in turn, each in a task of its own. */
  const lockManager: NonNullable<Platform['locks']> = {
    request: (name, { signal }, fn) =>
      new Promise((resolve, reject) => {
        const queue = locks.get(name) ?? [];
        locks.set(name, queue);
        const abort = () => {
          const at = queue.indexOf(grant);
          if (at > 0) {
            queue.splice(at, 1);
            reject(signal.reason as Error);
          }
        };
        const grant = () => {
          signal?.removeEventListener('abort', abort);
          setTimeout(() => {
            void Promise.resolve()
              .then(fn)
              .then(resolve, reject)
              .finally(() => {
                queue.shift();
                queue[0]?.();
              });
          });
        };
        if (signal?.aborted) return reject(signal.reason as Error);
        signal?.addEventListener('abort', abort);
        if (queue.push(grant) == 1) grant();
      }),
  };

  function tab(fetchImpl: Platform['fetch'] = (url, init) => fetch(url, init)) {
    const navigations: string[] = [];
    const view = new Map(store);
    views.add(view);
    /** Writes here now, in the other tabs `lag` ms later, with a storage event there if the value changed. */
    const write = (key: string, value: string | null) => {
      writes++;
      const changed = store.get(key) !== value;
      const put = (copy: Map<string, string>) => (value == null ? copy.delete(key) : copy.set(key, value));
      put(store);
      put(view);
      for (const other of views)
        if (other !== view)
          later(() => {
            put(other);
            if (changed) for (const listener of storageListeners) listener(key, value, other);
          });
    };
    const platform: Platform = {
      now: () => Date.now(),
      // The page's navigation began as the tab opened.
      origin: Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, 2 ** 31 - 1)),
      clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
      fetch: fetchImpl,
      storage:
        options.storage === false
          ? { getItem: broken, setItem: broken, removeItem: broken }
          : { getItem: (key) => view.get(key) ?? null, setItem: write, removeItem: (key) => write(key, null) },
      connect(name, receive) {
        if (options.channel === false) {
          // As the browser's platform does: a message is a write to its own key, removed at once.
          if (options.storage === false) return;
          const key = name + ':message';
          const listener = (changed: string, value: string | null, at: Map<string, string>) =>
            at === view && changed == key && value != null && receive(value);
          storageListeners.add(listener);
          return {
            post: (data) => {
              write(key, data);
              write(key, null);
            },
            close: () => storageListeners.delete(listener),
          };
        }
        const peers = channels.get(name) ?? new Set();
        channels.set(name, peers);
        peers.add(receive);
        return {
          post: (data) => {
            for (const peer of peers) if (peer !== receive) later(() => peers.has(peer) && peer(data));
          },
          close: () => peers.delete(receive),
        };
      },
      locks: options.locks === false ? undefined : lockManager,
      navigate: (url) => void navigations.push(url),
    };
    return { platform, navigations };
  }

  return {
    tab,
    store,
    channels,
    get writes() {
      return writes;
    },
  };
}
