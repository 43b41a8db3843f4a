import { judge } from './idle-model.js';
import type { Config } from './options.js';
import { exchange, type PingError } from './ping.js';
import type { Platform } from './platform.js';
import type { Tabs } from './tabs/tabs.js';
import type { Emit } from './types.js';

/**
 * How long past the deadline a ping of this tab in flight may still report newer activity: its
 * timeout ends then at the latest, and the session expires when it settles.
 */
const GRACE = 1000;

/**
 * This tab's part in keeping the browser and the server in agreement: `send` pings once for the
 * whole browser (see `Tabs.elect`) while a reconciliation point is due, or once whatever is due
 * with `ask`; `flying` is truthy while a ping of this tab is in flight, or asked for (the session
 * may not expire before it settles); `stop` abandons it, and nothing more is sent.
 */
export type Reconciler = [send: (ask?: boolean) => void, flying: () => unknown, stop: () => void];

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
  const ping = config.ping!;
  const { shared } = tabs;
  const judgeNow = () => judge(platform.now(), shared, config);
  /** This tab waits for its turn to ping, or pings. */
  let asking = false;
  /** This tab asks once whatever is due (see `send`). */
  let asked: boolean | undefined;
  let stopped = false;
  let flight: AbortController | undefined;

  /** Reports the browser's idle time, with the other tabs' latest activity, and merges the answer. */
  const report = async (): Promise<void> => {
    const at = platform.now();
    const verdict = judge(at, shared, config);
    // Past the deadline (this tab's timers were held back: frozen, asleep) the session has ended:
    // nothing is asked, unless this tab was asked to.
    if (!verdict.remaining && !asked) return;
    asked = false;
    const sent = shared.activity;
    // Rounded up: the server keeps the smaller idle time, so it never dates our activity later than it was.
    const idleFor = Math.ceil(verdict.idle / 1000);
    flight = new AbortController();
    try {
      const timeout = Math.min(config.pingTimeout, verdict.remaining + GRACE);
      const answer = await exchange(ping, idleFor, flight, timeout, platform);
      if (stopped) return;
      emit('ping', { idleFor, answer });
      if (answer == 'logout') return logout();
      shared.answered = platform.now();
      shared.server = Math.max(shared.server, sent);
      // The server saw newer activity (another device, a request of this browser): dated at the
      // earliest moment the answer allows, as it merged after we sent and rounds its idle time down.
      const stamp = at - answer * 1000 - 1000;
      if (stamp > shared.activity) shared.activity = shared.server = stamp;
      tabs.publish();
    } catch (error) {
      if (!stopped) emit('error', (error as PingError).detail);
    } finally {
      flight = undefined;
      // Now, not once this tab's turn is over: an expiry the flight held back is due.
      settled();
    }
  };

  const send = (ask?: boolean) => {
    if (asking) return;
    asking = true;
    asked = ask;
    void tabs
      .elect(() => asked || judgeNow().ping, report)
      .finally(() => {
        asking = asked = false;
        settled();
      });
  };
  const stop = () => {
    stopped = true;
    flight?.abort();
  };
  return [send, () => flight || asked, stop];
}
