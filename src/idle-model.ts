import type { SessionState } from './types.js';

/**
 * What a browser knows of its session, shared by its tabs. Epoch milliseconds; every field only
 * ever grows, so tabs merge records by taking the maximum of each field, in any order.
 */
export interface Shared {
  /** Last activity anywhere in the browser, or learnt from the server. */
  activity: number;
  /**
   * The server's stamp of the last activity at the earliest, as its answers and the page loads
   * tell: the session lives on the server at least until this plus `expireAfter`.
   */
  server: number;
  /** When the last ping was sent, answered or not. */
  pinged: number;
  /** When the last ping was answered: before `pinged`, that ping failed or is in flight. */
  answered: number;
  /** When the session was last ended in this browser; 0 if never. */
  expired: number;
}

/** Durations in milliseconds. */
export interface Timing {
  warnAfter: number;
  expireAfter: number;
  /** How long a tab's turn to ping takes before the ping leaves (a claim without Web Locks). */
  claim?: number;
}

/** What the model answers for a moment. */
export interface Verdict {
  state: SessionState;
  /** Milliseconds of inactivity, never negative. */
  idle: number;
  /** Milliseconds until the session expires, never negative. */
  remaining: number;
  /** A ping is due now. */
  ping: boolean;
  /** The next moment the verdict can change without new information; Infinity when expired. */
  next: number;
}

/**
 * Pings go out this long before a deadline, so the answer (newer activity on the server, or
 * none) arrives before the warning shows or the session ends.
 */
export const lead = (warnAfter: number) => Math.min(1000, warnAfter / 2);

/**
 * django-session-security merges a report only when `idleFor` is below its own idle time in whole
 * seconds rounded down. A ping sent this many milliseconds before the idle time reaches a whole
 * second is merged whenever the server lags the activity by more than a second and this much, and
 * never dates it later than it was (the request's way to the server aside).
 */
const EDGE = 90;

/**
 * How far the server's stamp, as the browser knows it, may lag the last activity before a report
 * is due: its whole seconds (the answer dates the stamp a second early) and the edge of a ping.
 */
export const LAG = 1100;

/**
 * Judges the session at `now`. Activity stamped in the future (another tab's clock) counts as
 * now, never later; a clock that jumped forwards (a laptop waking) expires at once.
 *
 * The deadlines count from the server's stamp as the browser knows it at the earliest (the
 * record's `server`) when it is older than the last activity: the countdown shows only time the
 * server grants, never more.
 *
 * The reconciliation points (pings): asking before the warning whether the server saw newer
 * activity, asking once more before the expiry, and reporting activity the server lacks (more
 * than its whole seconds allow) before the server's own stamp is `warnAfter` old: at once when
 * the user answers the warning, else at an edge after the activity and after the last ping; a
 * quarter of the warning time (at most a minute) after a ping that failed or is still in flight.
 * The points are moved to the edge before them (see `EDGE`).
 */
export function judge(now: number, shared: Shared, timing: Timing): Verdict {
  const { warnAfter, expireAfter } = timing;
  const last = Math.min(now, shared.activity);
  const idle = now - last;
  const base = Math.min(last, shared.server);
  const remaining = Math.max(0, base + expireAfter - now);
  const early = lead(warnAfter);
  const warn = base + warnAfter;
  const expire = base + expireAfter;
  /** The latest moment, not after `point`, at which a turn to ping leaves `EDGE` short of a whole second of idle time. */
  const before = EDGE + (timing.claim ?? 0);
  const edge = (point: number) => point - ((((point - last + before) % 1000) + 1000) % 1000);
  // Once expired, nothing is due: both deadlines are past and there is no point to ping at. A
  // point is asked by the last ping sent after it, or answered after it: the server answered for
  // that moment, within the round trip. (An answer that dates the activity a few milliseconds
  // later, the latency of the page's own request, moves the points as much: asking again at once
  // would learn nothing new, again and again.)
  const asked = Math.max(shared.pinged, shared.answered);
  // The point before the warning counts as asked by a ping up to a report's lag before it too: a
  // report that moved it (its answer tightened the server's stamp) has just asked.
  const due = remaining
    ? [warn - early, expire - early].map(edge).filter((point, expiry) => point > asked + (expiry ? 0 : LAG))
    : [];
  if (remaining && last - shared.server > LAG) {
    const report = edge(shared.server + warnAfter - early);
    // Reported already (at once, the user answering the warning), its answer leaving the bound loose.
    const reported = shared.pinged > last;
    due.push(
      shared.pinged > shared.answered
        ? Math.max(report, shared.pinged + Math.min(60_000, (expireAfter - warnAfter) / 4))
        : warn > now || reported
          ? // Not before the first edge after the activity, nor before the next after the last ping;
            // reported already, at those edges, so the warning it gave back does not come.
            Math.max(reported ? 0 : report, last + 1000 - before, edge(asked + 1000))
          : // The user answers the warning: once at once, whatever the edge.
            now,
    );
  }
  return {
    state: !remaining ? 'expired' : now < warn ? 'active' : 'warning',
    idle,
    remaining,
    ping: due.some((point) => point <= now),
    next: Math.min(...[warn, expire, ...due].filter((point) => point > now)),
  };
}
