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
export const lead = (t: Timing) => Math.min(1000, t.warnAfter / 2);

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
export function judge(now: number, s: Shared, t: Timing): Verdict {
  const a = Math.min(now, s.activity);
  const idle = now - a;
  const remaining = Math.max(0, t.expireAfter - idle);
  const l = lead(t);
  const warn = a + t.warnAfter;
  const expire = a + t.expireAfter;
  // Once expired, nothing is due: both deadlines are past and there is no point to ping at.
  const due = remaining ? [warn - l, expire - l].filter((p) => p > s.pinged) : [];
  if (remaining && s.activity > s.server)
    due.push(Math.max(s.server + t.warnAfter - l, s.pinged > s.answered ? s.pinged + Math.min(60_000, (t.expireAfter - t.warnAfter) / 4) : 0));
  return {
    state: !remaining ? 'expired' : idle < t.warnAfter ? 'active' : 'warning',
    idle,
    remaining,
    ping: due.some((p) => p <= now),
    next: Math.min(...[warn, expire, ...due].filter((p) => p > now)),
  };
}
