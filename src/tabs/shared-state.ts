import type { Shared } from '../idle-model.js';

/** Bumped when the record's meaning changes, so tabs of two deploys ignore each other. */
const VERSION = 3;
const FIELDS = ['activity', 'server', 'pinged', 'answered', 'expired'] as const;

/** Tabs tolerate this much clock disagreement; a stamp further in the future is forged or corrupt. */
const SKEW = 2000;

export const serialize = (shared: Shared) => JSON.stringify({ v: VERSION, ...shared });

/** What {@link absorb} made of a record: refused, merged, or merged while the sender lacked news this tab had. */
export const REFUSED = 0;
export const MERGED = 1;
export const BEHIND = 2;
type Absorbed = typeof REFUSED | typeof MERGED | typeof BEHIND;

/**
 * Merges a record from another tab or from storage (its JSON, as {@link serialize} writes it) into
 * `shared`, taking the maximum of each field. Anything foreign, from another version or stamped in
 * the future is refused whole: it must never extend a session. Throws on what is not JSON text,
 * which the caller refuses too.
 */
export function absorb(shared: Shared, data: unknown, now: number): Absorbed {
  const record = JSON.parse(data as string) as Record<string, number> | null;
  const valid = (field: keyof Shared) =>
    typeof record![field] == 'number' && record![field] >= 0 && record![field] <= now + SKEW;
  if (record?.v !== VERSION || !FIELDS.every(valid)) return REFUSED;
  let merged: Absorbed = MERGED;
  for (const field of FIELDS)
    if (shared[field] > record[field]) merged = BEHIND;
    else shared[field] = record[field];
  return merged;
}
