import type { Shared } from '../idle-model';

/** Bumped when the record's meaning changes, so tabs of two deploys ignore each other. */
const VERSION = 1;
const FIELDS = ['activity', 'server', 'pinged', 'expired'] as const;

/** Tabs tolerate this much clock disagreement; a stamp further in the future is forged or corrupt. */
const SKEW = 2000;

export const serialize = (s: Shared) => JSON.stringify({ v: VERSION, ...s });

/**
 * Reads a record from another tab or from storage. Anything malformed, foreign, from another
 * version or stamped in the future is refused whole: it must never extend a session.
 */
export function parse(data: unknown, now: number): Shared | undefined {
  try {
    const r = typeof data == 'string' ? JSON.parse(data) : data;
    if (r?.v !== VERSION) return;
    for (const f of FIELDS) if (typeof r[f] != 'number' || !(r[f] >= 0 && r[f] <= now + SKEW)) return;
    return { activity: r.activity, server: r.server, pinged: r.pinged, expired: r.expired };
  } catch {
    return;
  }
}

/** Merges `other` into `s`; answers whether anything changed. */
export function merge(s: Shared, other: Shared): boolean {
  let changed = false;
  for (const f of FIELDS)
    if (other[f] > s[f]) {
      s[f] = other[f];
      changed = true;
    }
  return changed;
}
