import { describe, expect, it } from 'vitest';
import { judge, lead, type Shared } from '../../src/idle-model';

const t = { warnAfter: 540_000, expireAfter: 600_000 };
const L = lead(t.warnAfter);
/**
 * Where a ping goes out for a point `lead` before a deadline: at the edge before it, the idle time
 * 90 ms short of a whole second (538.91 s for the warn deadline of 540 s, idleFor=539).
 */
const E = 1090;
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
    it('is the ping at the edge before the warn deadline while active', () => {
      expect(judge(0, at(0), t).next).toBe(540_000 - E);
      expect(judge(0, at(0, { pinged: 540_000 - E }), t).next).toBe(540_000);
    });

    it('is the final ping, at the edge before the expiry, then the expiry, while warning', () => {
      expect(judge(540_000, at(0, { pinged: 540_000 - E }), t).next).toBe(600_000 - E);
      expect(judge(600_000 - E, at(0, { pinged: 600_000 - E }), t).next).toBe(600_000);
    });

    it('is computed from the clock: a late timer never extends the session', () => {
      const late = judge(590_000, at(0, { pinged: 540_000 - E }), t);
      expect(late).toMatchObject({ state: 'warning', remaining: 10_000 });
      expect(late.next).toBe(600_000 - E);
    });
  });

  describe('pings', () => {
    it('asks the server shortly before the warn deadline whether it saw newer activity', () => {
      expect(judge(540_000 - E - 1, at(0), t).ping).toBe(false);
      expect(judge(540_000 - E, at(0), t).ping).toBe(true);
      expect(judge(540_000 - E, at(0, { pinged: 540_000 - E }), t).ping).toBe(false);
    });

    it('asks at the edge before a second before a deadline, or half the warning time before it when that is shorter', () => {
      expect(lead(540_000)).toBe(1000);
      expect(lead(2000)).toBe(1000);
      expect(lead(1000)).toBe(500);
      // The expiry at 5.6 s: asked at 5.1 s moves to the edge before it, 4.91 s (a second before
      // it, 4.6 s, would have moved to 3.91 s).
      const short = { warnAfter: 1000, expireAfter: 5600 };
      expect(judge(3910, at(0), short).ping).toBe(false);
      expect(judge(4909, at(0), short)).toMatchObject({ ping: false, next: 4910 });
      expect(judge(4910, at(0), short).ping).toBe(true);
    });

    it('asks once more shortly before the expiry', () => {
      const s = at(0, { pinged: 540_000 - E });
      expect(judge(600_000 - E - 1, s, t).ping).toBe(false);
      expect(judge(600_000 - E, s, t).ping).toBe(true);
    });

    it('reports activity the server lacks before the server stamp is warnAfter old', () => {
      // The server's stamp is at 0 at the earliest: its warn deadline (540 s) is the browser's too,
      // and the report goes out at the edge before a second before it, on the idle time of the
      // activity (138.91 s).
      const s = at(400_000, { server: 0, pinged: 0 });
      expect(judge(540_000 - E - 1, s, t)).toMatchObject({ state: 'active', ping: false, next: 540_000 - E });
      expect(judge(540_000 - E, s, t)).toMatchObject({ state: 'active', idle: 138_910, ping: true });
    });

    it('a user active for hours without requests is reported once per warnAfter', () => {
      const s = at(0);
      let pings = 0;
      for (let now = 0; now < 3 * 3600_000; now += 1000) {
        s.activity = now;
        if (judge(now, s, t).ping) {
          pings++;
          s.pinged = s.answered = now;
          // Reported idle 0, merged, answered 0: the server's stamp a second before at the earliest.
          s.server = now - 1000;
        }
      }
      expect(pings).toBe(Math.floor((3 * 3600_000) / (540_000 - L - 1000)));
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

  describe("the server's stamp, as the browser knows it at the earliest", () => {
    const short = { warnAfter: 10_000, expireAfter: 20_000 };

    it('moves the deadlines earlier when it lags the activity: the countdown shows only time the server grants', () => {
      const s = at(10_000, { server: 8_500 });
      expect(judge(548_499, s, t)).toMatchObject({ state: 'active', idle: 538_499 });
      expect(judge(548_500, s, t)).toMatchObject({ state: 'warning', remaining: 60_000 });
      expect(judge(608_499, s, t)).toMatchObject({ state: 'warning', remaining: 1 });
      expect(judge(608_500, s, t)).toMatchObject({ state: 'expired', remaining: 0 });
      // Never later than the activity: a stamp the server dated later (the page's request) moves nothing.
      expect(judge(550_000, at(10_000, { server: 10_500 }), t)).toMatchObject({ state: 'warning', remaining: 60_000 });
    });

    it('lagging the activity by more than 1100 ms, makes a report due; by 1100 ms or less, none', () => {
      // The ping before the warning was sent and answered; the warning is 1.9 s away.
      const asked = { pinged: 11_910, answered: 11_930 };
      const loose = at(5000, { server: 3899, ...asked });
      expect(judge(12_909, loose, short)).toMatchObject({ state: 'active', ping: false, next: 12_910 });
      expect(judge(12_910, loose, short)).toMatchObject({ state: 'active', ping: true });
      const tight = at(5000, { server: 3900, ...asked });
      expect(judge(12_910, tight, short)).toMatchObject({ state: 'active', ping: false, next: 13_900 });
    });

    it('sends every ping at the edge: 90 ms before the idle time since the activity reaches a whole second', () => {
      // Activity at 250 ms: the warn point (539.25 s) at idle 538.91 s.
      expect(judge(539_159, at(250), t)).toMatchObject({ ping: false, next: 539_160 });
      expect(judge(539_160, at(250), t)).toMatchObject({ ping: true, idle: 538_910 });
      // The deadline counts from the server's stamp (0), the edge from the activity (400 ms): the
      // point at 539 s moves to idle 537.91 s.
      expect(judge(538_309, at(400, { server: 0 }), t)).toMatchObject({ ping: false, next: 538_310 });
      expect(judge(538_310, at(400, { server: 0 }), t)).toMatchObject({ ping: true, idle: 537_910 });
    });

    it('makes "Stay signed in" while warned due at once, not at the edge; the warning stays until the answer', () => {
      const warned = at(545_000, { server: 0, pinged: 538_910, answered: 538_920 });
      expect(judge(545_000, warned, t)).toMatchObject({ state: 'warning', idle: 0, remaining: 55_000, ping: true });
      // The same activity before the warning waits for the point before it.
      const before = at(500_000, { server: 0, pinged: 0 });
      expect(judge(500_000, before, t)).toMatchObject({ state: 'active', ping: false, next: 538_910 });
    });

    it('after a report that left it loose, reports at the next edge after the last ping, then no more', () => {
      // "Stay signed in" at 7.3 s reported at 7.311 s (idleFor=1), answered 1 at 7.32 s: the stamp
      // at 5.311 s at the earliest, 1.989 s before the activity; warned at 8.311 s unless tightened.
      const timing = { warnAfter: 3000, expireAfter: 8000 };
      const loose = at(7300, { server: 5311, pinged: 7311, answered: 7320 });
      expect(judge(8209, loose, timing)).toMatchObject({ state: 'active', ping: false, next: 8210 });
      expect(judge(8210, loose, timing)).toMatchObject({ state: 'active', idle: 910, ping: true });
      // Reported at idle 0.91 s (idleFor=1), answered 1: the stamp at 6.21 s, 1.09 s before the
      // activity. Nothing more is due before the warning, at 9.21 s.
      const tight = at(7300, { server: 6210, pinged: 8210, answered: 8220 });
      expect(judge(8300, tight, timing)).toMatchObject({ state: 'active', ping: false, next: 9210 });
    });
  });
});
