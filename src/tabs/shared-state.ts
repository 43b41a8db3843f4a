import type { Shared } from '../idle-model.js';

/** Bumped when the record's meaning changes, so tabs of two deploys ignore each other. */
const VERSION = 3;
const FIELDS = ['activity', 'server', 'pinged', 'answered', 'expired'] as const;

/** Tabs tolerate this much clock disagreement; a stamp further in the future is forged or corrupt. */
const SKEW = 2000;

export const serialize = (shared: Shared) => JSON.stringify({ v: VERSION, ...shared });

/**
 * Merges a record from another tab or from storage (its JSON, as {@link serialize} writes it) into
 * `shared`, taking the maximum of each field, and answers whether it was accepted. Anything
 * foreign, from another version or stamped in the future is refused whole: it must never extend
 * a session. Throws on what is not JSON text, which the caller refuses too.
 */
export function absorb(shared: Shared, data: unknown, now: number): boolean {
  const record = JSON.parse(data as string) as Record<string, number> | null;
  const valid = (field: keyof Shared) =>
    typeof record![field] == 'number' && record![field] >= 0 && record![field] <= now + SKEW;
  if (record?.v !== VERSION || !FIELDS.every(valid)) return false;
  for (const field of FIELDS) shared[field] = Math.max(shared[field], record[field]);
  return true;
}
