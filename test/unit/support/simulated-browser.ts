import type { KeyValue, Platform, Transport } from '../../../src/platform';
import { SessionServer } from './session-server';

/**
 * A whole browser in memory, for the model-based properties: tabs of one origin on one simulated
 * clock, each with its own timers, sharing storage, a channel and Web Locks, talking to a
 * {@link SessionServer}. Nothing runs but what the simulation schedules, in a deterministic order,
 * so a tab can be frozen (its timers, messages and answers held back, then delivered late), closed
 * in the middle of a ping, or left without storage, channel or locks; the wall clock can move back
 * and the machine can sleep.
 *
 * Never kinder than a browser: a write or a message reaches the other tabs `lag` ms later, in a
 * task of its own; a lock is granted in a later task; a ping reaches the server `up` ms after it
 * is sent and its answer comes `down` ms later; the page's own load reaches the server after the
 * navigation began.
 */

/** How the network treats the pings sent from now on. */
export type Network =
  | { kind: 'ok'; up: number; down: number }
  /** The answer comes after `down` ms: a busy server. */
  | { kind: 'slow'; up: number; down: number }
  /** Reaches the server, never answered. */
  | { kind: 'hung'; up: number }
  /** Fails before reaching the server (offline, DNS), after `up` ms. */
  | { kind: 'offline'; up: number }
  /** Reaches the server, then the connection is reset. */
  | { kind: 'reset'; up: number }
  /** A 5xx: `processed` when the app merged the ping before failing (a 500), not for a 502 of a proxy. */
  | { kind: 'error'; up: number; status: number; processed: boolean };

export interface BrowserFeatures {
  channel: boolean;
  locks: boolean;
  /** Milliseconds a write or a message takes to reach another tab. */
  lag: number;
}

/** What a tab did, as the properties observe it. */
export interface Trace {
  at: number;
  tab: number;
  what: string;
  detail?: unknown;
}

interface Task {
  at: number;
  seq: number;
  /** Undefined: the server or the network, never held back. */
  tab?: SimTab;
  run: () => void;
  cancelled?: boolean;
}

export interface Ping {
  tab: number;
  sent: number;
  idleFor: string | null;
  /** When the server merged it; undefined if it never arrived. */
  arrived?: number;
  stampBefore?: number;
  stampAfter?: number;
  answer?: number | 'logout';
  /** When the tab's engine saw it settle: answered, failed or abandoned. */
  settled?: number;
  failed?: boolean;
}

export class SimTab {
  frozen = false;
  /** The page is gone: closed, or navigated away. */
  gone = false;
  /** The tab shows the login page (no session): nothing of ours runs there. */
  signedOut = false;
  readonly view = new Map<string, string>();
  readonly receivers = new Set<(data: unknown) => void>();
  readonly storageListeners = new Set<(key: string, value: string | null) => void>();
  readonly locksHeld = new Set<string>();
  readonly tasks = new Set<Task>();
  platform!: Platform;

  constructor(
    readonly id: number,
    /** When its navigation began, on the true clock. */
    readonly navigated: number,
  ) {}
}

/** A small seeded generator (mulberry32): the simulation's only randomness, so runs replay exactly. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class World {
  /** The true time: what the user, the server and the properties live by. */
  t: number;
  /** The wall clock's error: `Date.now()` is `t + wallOffset`. */
  wallOffset = 0;
  /** `performance.now()` is `t + monotonicOffset` (it may stand still while the machine sleeps). */
  monotonicOffset = 0;
  readonly store = new Map<string, string>();
  /** 'quota': writes throw; 'disabled': every call throws. */
  storage: 'ok' | 'quota' | 'disabled' = 'ok';
  network: Network = { kind: 'ok', up: 5, down: 5 };
  readonly server: SessionServer;
  readonly tabs: SimTab[] = [];
  readonly pings: Ping[] = [];
  readonly trace: Trace[] = [];
  /** Navigations our code made (leaving the page), with whether the session was alive on arrival. */
  readonly leaves: { tab: number; url: string; at: number; arrived: number; revived: boolean; stamp?: number }[] = [];
  private readonly queue = new Set<Task>();
  private readonly lockQueues = new Map<string, { tab: SimTab; grant: () => void; signal: AbortSignal }[]>();
  private seq = 0;
  /** The machine sleeps: the clock moves, nothing runs and nobody looks. */
  sleeping = false;
  /** Called before the clock moves from `t` to `to`, and after every task: the properties' hooks. */
  onAdvance: (to: number) => void = () => {};
  onTask: () => void = () => {};

  constructor(
    readonly features: BrowserFeatures,
    expireAfter: number,
    start: number,
  ) {
    this.t = start;
    this.server = new SessionServer(expireAfter, start);
  }

  wall = () => this.t + this.wallOffset;
  monotonic = () => this.t + this.monotonicOffset;

  schedule(at: number, run: () => void, tab?: SimTab): Task {
    const task: Task = { at, seq: this.seq++, tab, run };
    this.queue.add(task);
    tab?.tasks.add(task);
    return task;
  }

  private cancel(task: Task) {
    task.cancelled = true;
    this.queue.delete(task);
    task.tab?.tasks.delete(task);
  }

  /** The next task that may run: not cancelled, not of a frozen or gone tab. */
  private next(): Task | undefined {
    let best: Task | undefined;
    for (const task of this.queue) {
      if (task.tab && (task.tab.frozen || task.tab.gone)) continue;
      if (!best || task.at < best.at || (task.at == best.at && task.seq < best.seq)) best = task;
    }
    return best;
  }

  /** Runs every task due until `until` (tasks held back and now released run late, at once), then moves the clock there. */
  async run(until: number): Promise<void> {
    // What the code did since the last task (a user's input) settles before the clock moves, as
    // microtasks do in a browser.
    await flush();
    for (;;) {
      const task = this.next();
      if (!task || task.at > until) break;
      if (task.at > this.t) {
        this.onAdvance(task.at);
        this.t = task.at;
      }
      this.queue.delete(task);
      task.tab?.tasks.delete(task);
      task.run();
      await flush();
      this.onTask();
    }
    if (until > this.t) {
      this.onAdvance(until);
      this.t = until;
    }
  }

  /** The machine sleeps for `ms`: nothing runs, every clock but perhaps the monotonic one moves on. */
  sleep(ms: number, monotonicStops: boolean) {
    this.sleeping = true;
    this.onAdvance(this.t + ms);
    this.sleeping = false;
    this.t += ms;
    if (monotonicStops) this.monotonicOffset -= ms;
    // Timers are on the monotonic clock: overdue ones fire at once on waking.
  }

  log(tab: SimTab, what: string, detail?: unknown) {
    this.trace.push({ at: this.t, tab: tab.id, what, detail });
  }

  /** The page of a new tab (or a tab navigating): its request reaches the server `up` ms later. */
  open(navigated = this.t, up = 5): SimTab {
    const tab = new SimTab(this.tabs.length, navigated);
    this.tabs.push(tab);
    for (const [key, value] of this.store) tab.view.set(key, value);
    tab.platform = this.platform(tab);
    tab.signedOut = !this.server.request(navigated + up);
    return tab;
  }

  /** The tab closes, or its page is left: the browser drops its tasks, locks and listeners. */
  close(tab: SimTab) {
    tab.gone = true;
    for (const task of [...tab.tasks]) this.cancel(task);
    tab.receivers.clear();
    tab.storageListeners.clear();
    for (const [name, queue] of this.lockQueues) {
      const waiting = queue.findIndex((entry) => entry.tab === tab);
      if (waiting > 0) queue.splice(waiting, 1);
      if (tab.locksHeld.has(name)) this.release(name, tab);
    }
  }

  freeze(tab: SimTab) {
    tab.frozen = true;
  }

  thaw(tab: SimTab) {
    tab.frozen = false;
  }

  private release(name: string, tab: SimTab) {
    if (!tab.locksHeld.delete(name)) return;
    const queue = this.lockQueues.get(name)!;
    queue.shift();
    queue[0]?.grant();
  }

  /** Writes `key` in `tab`'s storage, in the others `lag` ms later, with a storage event there if it changed. */
  private write(tab: SimTab, key: string, value: string | null) {
    if (this.storage != 'ok') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const put = (view: Map<string, string>) => (value == null ? view.delete(key) : view.set(key, value));
    const changed = this.store.get(key) !== (value ?? undefined);
    put(this.store);
    put(tab.view);
    for (const other of this.tabs)
      if (other !== tab && !other.gone)
        this.schedule(
          this.t + this.features.lag,
          () => {
            put(other.view);
            if (changed) for (const listener of other.storageListeners) listener(key, value);
          },
          other,
        );
  }

  private platform(tab: SimTab): Platform {
    const denied = () => {
      if (this.storage == 'disabled') throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const storage: KeyValue = {
      getItem: (key) => (denied(), tab.view.get(key) ?? null),
      setItem: (key, value) => this.write(tab, key, value),
      removeItem: (key) => this.write(tab, key, null),
    };
    return {
      // Replaced by the test with the browser's own clock over this world's Date.now and performance.now.
      now: () => this.wall(),
      origin: this.wall(),
      setTimeout: (fn, ms) => this.schedule(this.t + Math.max(0, ms), fn, tab),
      clearTimeout: (task) => task && this.cancel(task as Task),
      fetch: (url, init) => this.fetch(tab, url, init),
      storage,
      connect: (name, receive): Transport | undefined => {
        if (!this.features.channel) {
          // As the browser's platform does: a message is a write to a key of its own, removed at once.
          const key = name + ':message';
          const listener = (changed: string, value: string | null) => changed == key && value != null && receive(value);
          tab.storageListeners.add(listener);
          return {
            post: (data) => {
              try {
                this.write(tab, key, data);
                this.write(tab, key, null);
              } catch {
                // Storage full or disabled: this tab is alone.
              }
            },
            close: () => tab.storageListeners.delete(listener),
          };
        }
        tab.receivers.add(receive);
        return {
          post: (data) => {
            for (const other of this.tabs)
              if (other !== tab && !other.gone)
                for (const peer of other.receivers)
                  this.schedule(this.t + this.features.lag, () => other.receivers.has(peer) && peer(data), other);
          },
          close: () => tab.receivers.delete(receive),
        };
      },
      locks: this.features.locks
        ? {
            request: (name, { signal }, fn) =>
              new Promise((resolve, reject) => {
                const queue = this.lockQueues.get(name) ?? [];
                this.lockQueues.set(name, queue);
                const entry = {
                  tab,
                  signal,
                  // Granted in a task of the tab (held back while it is frozen).
                  grant: () =>
                    this.schedule(
                      this.t,
                      () => {
                        signal.removeEventListener('abort', abort);
                        tab.locksHeld.add(name);
                        void Promise.resolve()
                          .then(fn)
                          .then(resolve, reject)
                          .finally(() => this.release(name, tab));
                      },
                      tab,
                    ),
                };
                const abort = () => {
                  const at = queue.indexOf(entry);
                  if (at > 0) {
                    queue.splice(at, 1);
                    reject(signal.reason as Error);
                  }
                };
                if (signal.aborted) return reject(signal.reason as Error);
                signal.addEventListener('abort', abort);
                if (queue.push(entry) == 1) entry.grant();
              }),
          }
        : undefined,
      navigate: (url) => this.leave(tab, url),
    };
  }

  /** Our code leaves the page: the request reaches the server, which must have ended the session by then. */
  private leave(tab: SimTab, url: string) {
    this.log(tab, 'navigate', url);
    this.close(tab);
    const arrived = this.t + 5;
    const revived = url != '/logout/' && !this.server.over(arrived);
    this.leaves.push({ tab: tab.id, url, at: this.t, arrived, revived, stamp: this.server.stamp });
    if (url == '/logout/') this.server.logout(arrived);
    else this.server.request(arrived);
  }

  private fetch(tab: SimTab, url: string, init: RequestInit): Promise<Response> {
    const idleFor = new URL(url).searchParams.get('idleFor');
    const ping: Ping = { tab: tab.id, sent: this.t, idleFor };
    this.pings.push(ping);
    const network = this.network;
    return new Promise((resolve, reject) => {
      let done = false;
      const settle =
        (fn: () => void, failed = true) =>
        () => {
          if (done) return;
          done = true;
          ping.settled = this.t;
          ping.failed = failed;
          fn();
        };
      const arrive = this.schedule(this.t + network.up, () => {
        if (network.kind == 'offline') return;
        if (network.kind == 'error' && !network.processed) return;
        ping.arrived = this.t;
        ping.stampBefore = this.server.stamp;
        ping.answer = this.server.ping(this.t, idleFor);
        ping.stampAfter = this.server.stamp;
      });
      const answer = (at: number, fn: () => void, failed = true) => this.schedule(at, settle(fn, failed), tab);
      const after = this.t + network.up;
      switch (network.kind) {
        case 'ok':
        case 'slow':
          answer(
            after + network.down,
            () =>
              resolve(new Response(JSON.stringify(ping.answer), { headers: { 'Content-Type': 'application/json' } })),
            false,
          );
          break;
        case 'hung':
          break;
        case 'offline':
        case 'reset':
          answer(after, () => reject(new TypeError('Failed to fetch')));
          break;
        case 'error':
          answer(after, () => resolve(new Response('Server error', { status: network.status })));
          break;
      }
      // A fetch aborted before it reached the server never reaches it.
      init.signal?.addEventListener('abort', () => {
        if (this.t < arrive.at) this.cancel(arrive);
        settle(() => reject(init.signal!.reason as Error))();
      });
    });
  }
}

/** Lets every promise reaction queued so far run, as the event loop does between two tasks. */
export const flush = () => new Promise<void>((done) => setImmediate(done));
