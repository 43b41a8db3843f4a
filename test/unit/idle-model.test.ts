import { describe, expect, it } from 'vitest';
import { judge, lead, type Shared } from '../../src/idle-model';

const t = { warnAfter: 540_000, expireAfter: 600_000 };
const L = lead(t.warnAfter);
const at = (activity: number, more: Partial<Shared> = {}): Shared => ({
  activity,
  server: activity,
  pinged: 0,
  answered: 0,
  expired: 0,
  ...more,
});

describe('the idle model', () => {
  describe('state', () => {
    it('is active until warnAfter, warning until expireAfter, then expired', () => {
      expect(judge(0, at(0), t).state).toBe('active');
      expect(judge(539_999, at(0), t).state).toBe('active');
      expect(judge(540_000, at(0), t).state).toBe('warning');
      expect(judge(599_999, at(0), t).state).toBe('warning');
      expect(judge(600_000, at(0), t).state).toBe('expired');
      expect(judge(10 ** 12, at(0), t).state).toBe('expired');
    });

    it('reports idle and remaining time, never negative', () => {
      expect(judge(100_000, at(0), t)).toMatchObject({ idle: 100_000, remaining: 500_000 });
      expect(judge(700_000, at(0), t)).toMatchObject({ idle: 700_000, remaining: 0, next: Infinity, ping: false });
    });

    it('treats activity stamped in the future as now, never later', () => {
      const v = judge(1000, at(50_000), t);
      expect(v).toMatchObject({ state: 'active', idle: 0, remaining: 600_000 });
      expect(v.next).toBeLessThanOrEqual(1000 + t.warnAfter);
    });

    it('expires at once when the clock jumped past the deadline (a laptop waking)', () => {
      expect(judge(5 * 3600_000, at(0), t).state).toBe('expired');
    });

    it('with warnAfter 0 warns from the first moment', () => {
      expect(judge(0, at(0), { warnAfter: 0, expireAfter: 1000 }).state).toBe('warning');
    });
  });

  describe('next moment', () => {
    it('is the ping before the warn deadline while active', () => {
      expect(judge(0, at(0), t).next).toBe(540_000 - L);
      expect(judge(0, at(0, { pinged: 540_000 - L }), t).next).toBe(540_000);
    });

    it('is the final ping, then the expiry, while warning', () => {
      expect(judge(540_000, at(0, { pinged: 540_000 - L }), t).next).toBe(600_000 - L);
      expect(judge(600_000 - L, at(0, { pinged: 600_000 - L }), t).next).toBe(600_000);
    });

    it('is computed from the clock: a late timer never extends the session', () => {
      const late = judge(590_000, at(0, { pinged: 540_000 - L }), t);
      expect(late).toMatchObject({ state: 'warning', remaining: 10_000 });
      expect(late.next).toBe(600_000 - L);
    });
  });

  describe('pings', () => {
    it('asks the server shortly before the warn deadline whether it saw newer activity', () => {
      expect(judge(540_000 - L - 1, at(0), t).ping).toBe(false);
      expect(judge(540_000 - L, at(0), t).ping).toBe(true);
      expect(judge(540_000 - L, at(0, { pinged: 540_000 - L }), t).ping).toBe(false);
    });

    it('asks a second before a deadline, or half the warning time before it when that is shorter', () => {
      expect(lead(540_000)).toBe(1000);
      expect(lead(2000)).toBe(1000);
      expect(lead(1000)).toBe(500);
      expect(judge(499, at(0), { warnAfter: 1000, expireAfter: 5000 }).ping).toBe(false);
      expect(judge(500, at(0), { warnAfter: 1000, expireAfter: 5000 }).ping).toBe(true);
    });

    it('asks once more shortly before the expiry', () => {
      const s = at(0, { pinged: 540_000 - L });
      expect(judge(600_000 - L - 1, s, t).ping).toBe(false);
      expect(judge(600_000 - L, s, t).ping).toBe(true);
    });

    it('reports activity the server lacks before the server stamp is warnAfter old', () => {
      const s = at(400_000, { server: 0, pinged: 0 });
      expect(judge(540_000 - L - 1, s, t)).toMatchObject({ state: 'active', ping: false, next: 540_000 - L });
      expect(judge(540_000 - L, s, t)).toMatchObject({ state: 'active', ping: true });
    });

    it('a user active for hours without requests is reported once per warnAfter', () => {
      const s = at(0);
      let pings = 0;
      for (let now = 0; now < 3 * 3600_000; now += 1000) {
        s.activity = now;
        if (judge(now, s, t).ping) {
          pings++;
          s.pinged = now;
          s.server = now;
        }
      }
      expect(pings).toBe(Math.floor((3 * 3600_000) / (540_000 - L)));
    });

    it('after a failed report retries after a quarter of the warning time, not at once', () => {
      const s = at(500_000, { server: 0, pinged: 540_000 - L });
      expect(judge(540_000, s, t).ping).toBe(false);
      expect(judge(540_000 - L + 15_000, s, t).ping).toBe(true);
    });

    it('reports at once activity the server lacks when its stamp is old, once the last ping was answered', () => {
      // The user dismissed the warning while the final ping was in flight: it was answered since.
      const s = at(599_300, { server: 0, pinged: 599_000, answered: 599_800 });
      expect(judge(599_800, s, t).ping).toBe(true);
      // Still in flight, or failed: the next try waits.
      expect(judge(599_800, { ...s, answered: 0 }, t).ping).toBe(false);
    });

    it('never asks once expired', () => {
      expect(judge(600_000, at(0), t).ping).toBe(false);
    });
  });
});
