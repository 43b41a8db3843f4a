import { describe, expect, it } from 'vitest';
import type { Shared } from '../../src/idle-model';
import { absorb, BEHIND, MERGED, REFUSED, serialize } from '../../src/tabs/shared-state';

const NOW = Date.UTC(2026, 0, 1, 9);
const mine = (): Shared => ({ activity: NOW - 5000, server: NOW - 5000, pinged: 0, answered: 0, expired: 0 });
const record = (fields: object = {}) => JSON.stringify({ v: 3, ...mine(), activity: NOW - 1000, ...fields });

describe("the tabs' shared record", () => {
  it('takes the greatest of each field from the JSON of a record of this version', () => {
    const shared = mine();
    expect(absorb(shared, record({ pinged: NOW - 2000 }), NOW)).toBe(MERGED);
    expect(shared).toEqual({ ...mine(), activity: NOW - 1000, pinged: NOW - 2000 });
  });

  it('answers whether the sender lacked news of this tab, so that it hears it back', () => {
    const shared = { ...mine(), activity: NOW - 1000 };
    expect(absorb(shared, serialize({ ...mine(), expired: NOW }), NOW)).toBe(BEHIND);
    expect(shared).toEqual({ ...mine(), activity: NOW - 1000, expired: NOW });
    expect(absorb(shared, serialize(shared), NOW)).toBe(MERGED);
  });

  it("accepts a stamp up to 2 s ahead (another tab's clock), refuses one further ahead", () => {
    const shared = mine();
    expect(absorb(shared, record({ activity: NOW + 2000 }), NOW)).toBe(MERGED);
    expect(shared.activity).toBe(NOW + 2000);
    expect(absorb(shared, record({ activity: NOW + 2001 }), NOW)).toBe(REFUSED);
    expect(shared.activity).toBe(NOW + 2000);
  });

  it.each([
    ['another version', record({ v: 2 })],
    ['a missing field', JSON.stringify({ v: 3, activity: NOW, server: NOW, pinged: 0, answered: 0 })],
    ['a number written as text', record({ activity: String(NOW) })],
    ['a negative stamp', record({ server: -1 })],
    ['not a number', record({ activity: NaN })],
    ['nothing', null],
  ])('refuses a record with %s whole, and changes nothing', (_, data) => {
    const shared = mine();
    expect(absorb(shared, data, NOW)).toBe(REFUSED);
    expect(shared).toEqual(mine());
  });

  it('throws on what is not JSON text, a record posted as an object too: the caller refuses it', () => {
    expect(() => absorb(mine(), '{"v":3,', NOW)).toThrow(SyntaxError);
    expect(() => absorb(mine(), JSON.parse(record()), NOW)).toThrow(SyntaxError);
  });
});
