import type { SessionState } from './types.js';

/**
 * What a browser knows of its session, shared by its tabs. Epoch milliseconds; every field only
 * ever grows, so tabs merge records by taking the maximum of each field, in any order.
 */
export interface Shared {
  /** Last activity anywhere in the browser, or learnt from the server. */
  activity: number;
  /** The last activity the server is known to have: what the last answered ping reported. */
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
 * Judges the session at `now`. Activity stamped in the future (another tab's clock) counts as
 * now, never later; a clock that jumped forwards (a laptop waking) expires at once.
 *
 * The reconciliation points (pings): asking at the warn deadline whether the server saw newer
 * activity, asking once more before the expiry, and reporting activity the server lacks before
 * the server's own stamp is `warnAfter` old (it logs out on its own clock): at once when it is
 * older (the user dismissed the warning, or acted while a ping was in flight), but a quarter of
 * the warning time (at most a minute) after a ping that failed or is still in flight.
 */
export function judge(now: number, shared: Shared, timing: Timing): Verdict {
  const { warnAfter, expireAfter } = timing;
  const last = Math.min(now, shared.activity);
  const idle = now - last;
  const remaining = Math.max(0, expireAfter - idle);
  const early = lead(warnAfter);
  const warn = last + warnAfter;
  const expire = last + expireAfter;
  // Once expired, nothing is due: both deadlines are past and there is no point to ping at. A
  // point is asked by the last ping sent after it, or answered after it: the server answered for
  // that moment, within the round trip. (An answer that dates the activity a few milliseconds
  // later, the latency of the page's own request, moves the points as much: asking again at once
  // would learn nothing new, again and again.)
  const asked = Math.max(shared.pinged, shared.answered);
  const due = remaining ? [warn - early, expire - early].filter((point) => point > asked) : [];
  if (remaining && shared.activity > shared.server) {
    const failed = shared.pinged > shared.answered;
    const retry = failed ? shared.pinged + Math.min(60_000, (expireAfter - warnAfter) / 4) : 0;
    due.push(Math.max(shared.server + warnAfter - early, retry));
  }
  return {
    state: !remaining ? 'expired' : idle < warnAfter ? 'active' : 'warning',
    idle,
    remaining,
    ping: due.some((point) => point <= now),
    next: Math.min(...[warn, expire, ...due].filter((point) => point > now)),
  };
}
