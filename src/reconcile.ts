import { judge } from './idle-model.js';
import type { Config } from './options.js';
import { exchange, type PingError } from './ping.js';
import type { Platform } from './platform.js';
import { SETTLE, type Tabs } from './tabs/tabs.js';
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
 * awaits it past the deadline, two seconds at most: see `pastDeadline`); `hurry`, while the
 * warning shows, reports activity a ping in flight lacks at once; `stop` abandons it, and nothing
 * more is sent.
 */
export type Reconciler = [send: (ask?: boolean) => void, flying: () => unknown, hurry: () => void, stop: () => void];

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
  // Without Web Locks a ping leaves after its claim stood: the reconciliation points come that much earlier.
  if (!platform.locks) config.claim = SETTLE;
  const judgeNow = () => judge(platform.now(), shared, config);
  /** This tab waits for its turn to ping, or pings. */
  let asking = false;
  /**
   * Asked to ping whatever is due (see `send`): just above the last answer this tab knew then, so
   * that any answer it learns later satisfies the question, another tab's too, even one to a ping
   * that left before it; 0: it was not asked.
   */
  let asked = 0;
  /** This page started past the deadline, and its question has not been answered yet. */
  let question = !judgeNow().remaining;
  let stopped = false;
  let flight: AbortController | undefined;
  /** The last activity the ping in flight reports: its idle time counts from it. */
  let carried = 0;

  /** Reports the browser's idle time, with the other tabs' latest activity, and merges the answer. */
  const report = async (): Promise<void> => {
    const at = platform.now();
    const verdict = judge(at, shared, config);
    // Past the deadline (this tab's timers were held back: frozen, asleep) the session has ended:
    // nothing is asked, unless this tab was asked to: a page that started past it asks the server;
    // a report of activity leaves before that activity plus expireAfter, or never (a tab that
    // slept through that moment: its report cannot keep the session).
    const ask = asked && (question || at < shared.activity + config.expireAfter);
    asked = 0;
    question = false;
    if (!verdict.remaining && !ask) return;
    // Rounded up: the server keeps the smaller idle time, so it never dates our activity later than it was.
    const idleFor = Math.ceil(verdict.idle / 1000);
    carried = at - verdict.idle;
    flight = new AbortController();
    try {
      const timeout = Math.min(config.pingTimeout, verdict.remaining + GRACE);
      const answer = await exchange(ping, idleFor, flight, timeout, platform);
      if (stopped) return;
      emit('ping', { idleFor, answer });
      if (answer == 'logout') return logout();
      shared.answered = platform.now();
      // The server's stamp at the earliest moment the answer allows: it answered after we sent,
      // its idle time rounded down. Whether it merged our report or kept an older stamp, the
      // session lives there at least until this plus expireAfter. Newer than our activity, it
      // is activity we did not see (another device, a request of this browser).
      const stamp = at - answer * 1000 - 1000;
      shared.server = Math.max(shared.server, stamp);
      shared.activity = Math.max(shared.activity, stamp);
      tabs.publish();
    } catch (error) {
      // Not when this tab abandoned it.
      if (flight) emit('error', (error as PingError).detail);
    } finally {
      flight = undefined;
      // Now, not once this tab's turn is over: an expiry the flight held back is due.
      settled();
    }
  };

  const send = (ask?: boolean) => {
    // Asked during a turn: the turn judges again after its ping, and asks.
    if (ask) asked ||= shared.answered + 0.01;
    if (asking) return;
    asking = true;
    void tabs
      // Asked: unless another tab's answer came since.
      .elect(() => (asked && shared.answered < asked) || judgeNow().ping, report)
      .finally(() => {
        asking = false;
        asked = 0;
        // Answered, by this tab or another.
        question = false;
        settled();
      });
  };
  /** Settles the ping in flight at once, unanswered, and without an `error` event. */
  const abandon = () => {
    const abandoned = flight;
    flight = undefined;
    abandoned?.abort();
  };
  // Pings go one at a time: a report waits for the ping in flight to settle, which a hung or
  // slow network delays (pingTimeout at most), past the server's end if the user answers the
  // warning in its last seconds. A ping in flight that lacks newer activity and reports none since
  // the warning began is abandoned instead (the server still merges it if it got there: never
  // later than its activity), and the activity reported at once. Each report carries the newest
  // activity, and one since the warning began is never abandoned: a warning abandons a ping or
  // two, however much the user moves.
  const hurry = () => {
    if (flight && carried < Math.min(shared.activity, shared.server) + config.warnAfter && shared.activity > carried) {
      send(true);
      abandon();
    }
  };
  const stop = () => {
    stopped = true;
    abandon();
  };
  // A page may start us long after its navigation (a sign-in without reload): a session the
  // browser only infers has ended is asked of the server before it is ended.
  if (question) send(true);
  return [send, () => flight || asked, hurry, stop];
}
