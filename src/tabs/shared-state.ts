import type { Shared } from '../idle-model.js';

/** Bumped when the record's meaning changes, so tabs of two deploys ignore each other. */
const VERSION = 2;
const FIELDS = ['activity', 'server', 'pinged', 'answered', 'expired'] as const;

/** Tabs tolerate this much clock disagreement; a stamp further in the future is forged or corrupt. */
const SKEW = 2000;

export const serialize = (s: Shared) => JSON.stringify({ v: VERSION, ...s });

/**
 * Merges a record from another tab or from storage into `s`, taking the maximum of each field,
 * and answers it. Anything foreign, from another version or stamped in the future is refused
 * whole: it must never extend a session. Throws on what is not JSON, which the caller refuses too.
 */
export function absorb(s: Shared, data: unknown, now: number): Shared | undefined {
  const r = typeof data == 'string' ? JSON.parse(data) : data;
  if (r?.v === VERSION && FIELDS.every((f) => typeof r[f] == 'number' && r[f] >= 0 && r[f] <= now + SKEW)) {
    for (const f of FIELDS) s[f] = Math.max(s[f], r[f]);
    return r;
  }
}
