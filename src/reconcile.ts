import { judge } from './idle-model.js';
import type { Config } from './options.js';
import { exchange, httpPing, type PingError } from './ping.js';
import type { Platform } from './platform.js';
import type { Tabs } from './tabs/tabs.js';
import type { Emit } from './types.js';

/** How far a server's stamp may be ahead of ours before it counts as newer activity: it answers in whole seconds. */
const ROUNDING = 2000;
/**
 * How long past the deadline a ping of this tab in flight may still report newer activity: its
 * timeout ends then at the latest, and the session expires when it settles.
 */
const GRACE = 1000;

/**
 * This tab's part in keeping the browser and the server in agreement: `send` pings once for the
 * whole browser (see `Tabs.elect`) while a reconciliation point is due; `flying` tells whether a
 * ping of this tab is in flight (the session may not expire before it settles); `stop`
 * abandons it, and nothing more is sent.
 */
export type Reconciler = [send: () => void, flying: () => boolean, stop: () => void];

/**
 * Pings the server at the idle model's reconciliation points and merges its answers into the
 * browser's record; `settled` is called when a ping or a turn ends, `logout` when the server
 * ended the session.
 */
export function reconcile(
  config: Config,
  platform: Platform,
  tabs: Tabs,
  emit: Emit,
  settled: () => void,
  logout: () => void,
): Reconciler {
  const ping = config.ping ?? httpPing(config, platform);
  const { shared } = tabs;
  const judgeNow = () => judge(platform.now(), shared, config);
  /** This tab waits for its turn to ping, or pings. */
  let asking = false;
  let stopped = false;
  let flight: AbortController | undefined;

  /** Reports the browser's idle time, with the other tabs' latest activity, and merges the answer. */
  const report = async (): Promise<void> => {
    const verdict = judgeNow();
    const sent = shared.activity;
    const idleFor = Math.floor(verdict.idle / 1000);
    flight = new AbortController();
    try {
      const timeout = Math.min(config.pingTimeout, verdict.remaining + GRACE);
      const answer = await exchange(ping, idleFor, flight, timeout, platform);
      if (stopped) return;
      emit('ping', { idleFor, answer });
      if (answer == 'logout') return logout();
      shared.answered = platform.now();
      shared.server = Math.max(shared.server, sent);
      // The server saw newer activity: another device, or a request of this browser.
      const stamp = platform.now() - answer * 1000;
      if (stamp > shared.activity + ROUNDING) shared.activity = shared.server = stamp;
      tabs.publish();
    } catch (error) {
      if (!stopped) emit('error', (error as PingError).detail);
    } finally {
      flight = undefined;
      // Now, not once this tab's turn is over: an expiry the flight held back is due.
      settled();
    }
  };

  const send = () => {
    if (asking) return;
    asking = true;
    void tabs
      .elect(() => judgeNow().ping, report)
      .finally(() => {
        asking = false;
        settled();
      });
  };
  const stop = () => {
    stopped = true;
    flight?.abort();
  };
  return [send, () => !!flight, stop];
}
