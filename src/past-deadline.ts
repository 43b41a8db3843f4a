import { LAG, type Shared, type Timing } from './idle-model.js';

/** How long past the deadline a tab awaits the answer to another tab's ping before ending the session. */
const HOLD = 1000;

/** {@link pastDeadline}'s answer: report the activity the server lacks first. */
export const REPORT = -1;

/**
 * What a tab does once its deadline has passed, found at `now` and first at `overdue`: report
 * first ({@link REPORT}), wait this many milliseconds for a report in flight, or end (0, once its
 * own ping in flight, if any, has settled).
 */
export function pastDeadline(now: number, overdue: number, shared: Shared, timing: Timing): number {
  // The server ends the session by the last activity plus expireAfter at the latest: a report
  // that leaves after it cannot keep the session (a tab that slept through it).
  const lastEnd = shared.activity + timing.expireAfter;
  // Activity the server lacks, from before the deadline (the user answered the warning while a
  // ping was in flight, answered late): reported first, once, while the server may still have
  // the session; its answer ends it, or keeps it.
  if (shared.activity - shared.server > LAG && shared.answered > shared.pinged && now + (timing.claim ?? 0) < lastEnd)
    return REPORT;
  // A ping in flight may still report newer activity: this tab's settles by its timeout, a
  // second past the deadline at the latest; another tab's is awaited as long, from when this
  // tab found the deadline past, while activity the server lacks is on its way ("Stay signed
  // in" in the last moments of the warning). Not one that left too late (a tab whose claim to
  // ping outlasted a sleep stamps it leaving as it wakes), nor past a second after lastEnd.
  return shared.pinged > shared.answered && shared.activity > shared.server && shared.pinged < lastEnd
    ? Math.max(0, Math.min(overdue, lastEnd) + HOLD - now)
    : 0;
}
