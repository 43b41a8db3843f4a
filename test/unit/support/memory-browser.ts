import type { Platform } from '../../../src/platform';

/**
 * One browser in memory: tabs share storage, a broadcast bus and locks, and read the (fake)
 * clock and timers of vitest. Messages arrive in a microtask, like a BroadcastChannel's, later.
 */
export function memoryBrowser(options: { storage?: boolean; channel?: boolean; locks?: boolean } = {}) {
  const store = new Map<string, string>();
  const bus = new Map<string, Set<(data: unknown) => void>>();
  const held = new Set<string>();
  let writes = 0;
  const broken = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };

  function tab(fetchImpl: Platform['fetch'] = (url, init) => fetch(url, init)) {
    const navigations: string[] = [];
    const platform: Platform = {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, 2 ** 31 - 1)),
      clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
      fetch: fetchImpl,
      storage:
        options.storage === false
          ? { getItem: broken, setItem: broken }
          : {
              getItem: (key) => store.get(key) ?? null,
              setItem: (key, value) => {
                writes++;
                store.set(key, value);
              },
            },
      connect(name, receive) {
        if (options.channel === false) return;
        const peers = bus.get(name) ?? new Set();
        bus.set(name, peers);
        peers.add(receive);
        return {
          post: (data) => {
            for (const peer of peers) if (peer !== receive) queueMicrotask(() => peers.has(peer) && peer(data));
          },
          close: () => peers.delete(receive),
        };
      },
      async lock(name, fn) {
        if (options.locks !== false) {
          if (held.has(name)) return;
          held.add(name);
        }
        try {
          await fn();
        } finally {
          held.delete(name);
        }
      },
      navigate: (url) => void navigations.push(url),
    };
    return { platform, navigations };
  }

  return {
    tab,
    store,
    bus,
    get writes() {
      return writes;
    },
  };
}
