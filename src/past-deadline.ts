import { LAG, type Shared, type Timing } from './idle-model.js';

/** How long past the deadline a tab awaits the answer to another tab's ping before ending the session. */
const HOLD = 1000;

/** {@link pastDeadline}'s answer: report the activity the server lacks first. */
export const REPORT = -1;

/**
 * What a tab does once its deadline has passed, found at `now` and first at `overdue` (a tab held
 * back counts it found a moment later), `flying` while its own ping is in flight or asked for:
 * report first ({@link REPORT}), wait this many milliseconds (until then, or for a ping in
 * flight), or end (0).
 */
export function pastDeadline(now: number, overdue: number, shared: Shared, timing: Timing, flying?: unknown): number {
  // The server ends the session by the last activity plus expireAfter at the latest: a report
  // that leaves after it cannot keep the session (a tab that slept through it).
  const lastEnd = shared.activity + timing.expireAfter;
  // Activity the server lacks, from before the deadline (the user answered the warning while a
  // ping was in flight, answered late): reported first, once, while the server may still have
  // the session; its answer ends it, or keeps it.
  if (shared.activity - shared.server > LAG && shared.answered > shared.pinged && now + (timing.claim ?? 0) < lastEnd)
    return REPORT;
  // Held back (frozen, asleep), this tab may judge on a stale record: what the other tabs sent
  // meanwhile (their activity, a sign-in) is queued behind this task, storage as late.
  if (now < overdue) return overdue - now;
  // A ping in flight may still report newer activity: another tab's is awaited a second, from
  // when this tab found the deadline past, while activity the server lacks is on its way ("Stay
  // signed in" in the last moments of the warning). Not one that left too late (a tab whose claim
  // to ping outlasted a sleep stamps it leaving as it wakes), nor past a second after lastEnd.
  const others =
    shared.pinged > shared.answered && shared.activity > shared.server && shared.pinged < lastEnd
      ? Math.min(overdue, lastEnd) + HOLD
      : 0;
  // This tab's own question or report: in flight, it times out a second after it left; awaiting
  // its turn, it may never get it (a frozen tab holds it). Two seconds at most.
  return Math.max(0, others - now, flying ? overdue + 2 * HOLD - now : 0);
}
