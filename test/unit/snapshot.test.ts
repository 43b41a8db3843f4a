import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type CoreOptions, type SessionSnapshot } from '../../src/core';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
/** Runs the microtasks queued so far, without moving the clock. */
const settled = () => vi.advanceTimersByTimeAsync(0);

function start(options: Partial<CoreOptions> = {}, browser = memoryBrowser()) {
  network.use(djangoLike().handler);
  return new SessionSecurity(
    { pingUrl: '/ping', warnAfter: 10, expireAfter: 20, trustedEventsOnly: false, ...options },
    browser.tab().platform,
  );
}

/** Subscribes and keeps every snapshot the listener is given. */
function record(session: SessionSecurity) {
  const heard: SessionSnapshot[] = [];
  const unsubscribe = session.subscribe((snapshot) => heard.push(snapshot));
  return { heard, unsubscribe };
}

describe('subscribe(): one store for every framework', () => {
  it('calls the listener at once with the snapshot, then with each new one until the end', async () => {
    const session = start();
    const { heard } = record(session);
    expect(heard).toEqual([{ state: 'active' }]);
    await seconds(12);
    session.activity();
    await seconds(20);
    expect(heard).toEqual([
      { state: 'active' },
      { state: 'warning', secondsLeft: 10 },
      { state: 'warning', secondsLeft: 9 },
      { state: 'warning', secondsLeft: 8 },
      { state: 'active' },
      { state: 'warning', secondsLeft: 10 },
      ...[9, 8, 7, 6, 5, 4, 3, 2, 1].map((secondsLeft) => ({ state: 'warning', secondsLeft })),
      { state: 'expired', reason: 'idle' },
    ]);
  });

  it('gives the same frozen object until something changes: none while the user is active', async () => {
    const session = start();
    const { heard } = record(session);
    const first = session.snapshot;
    for (let i = 0; i < 30; i++) {
      await seconds(1);
      document.dispatchEvent(new Event('pointermove'));
      expect(session.snapshot).toBe(first);
    }
    expect(heard).toEqual([first]);
    expect(Object.isFrozen(first)).toBe(true);
    await seconds(8.9);
    expect(session.snapshot).toBe(first);
    // Warned from the server's stamp of the last activity (30 s) at the earliest, as its answers
    // tell: 28.911 s.
    await vi.advanceTimersByTimeAsync(11);
    const warned = session.snapshot;
    expect(warned).toEqual({ state: 'warning', secondsLeft: 10 });
    expect(Object.isFrozen(warned)).toBe(true);
    await vi.advanceTimersByTimeAsync(999);
    expect(session.snapshot).toBe(warned);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.snapshot).toEqual({ state: 'warning', secondsLeft: 9 });
  });

  it('ends with the reason of the end', async () => {
    const session = start({ logoutUrl: '/logout/' });
    const { heard } = record(session);
    session.logout();
    await settled();
    expect(session.snapshot).toEqual({ state: 'expired', reason: 'logout' });
    expect(heard.at(-1)).toBe(session.snapshot);
  });

  it('is read from the clock: never stale after a late timer (a throttled tab), nor once a laptop woken past the deadline has run the news queued meanwhile', async () => {
    const session = start();
    const { heard } = record(session);
    vi.setSystemTime(Date.now() + 13_500);
    expect(session.snapshot).toEqual({ state: 'warning', secondsLeft: 7 });
    await settled();
    expect(heard.at(-1)).toEqual({ state: 'warning', secondsLeft: 7 });
    vi.setSystemTime(Date.now() + 3600_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(1);
    expect(session.snapshot).toEqual({ state: 'expired', reason: 'idle' });
  });

  it('changes with what other tabs learn: activity in another tab dismisses the warning here', async () => {
    const browser = memoryBrowser();
    const [here, there] = [start({}, browser), start({}, browser)];
    const { heard } = record(here);
    await seconds(10);
    expect(heard.at(-1)).toEqual({ state: 'warning', secondsLeft: 10 });
    there.activity();
    await seconds(0.01);
    expect(heard.at(-1)).toEqual({ state: 'active' });
  });
});

describe('listeners', () => {
  it('are never called within a read of the snapshot, but after it (React forbids updates while it renders)', async () => {
    const session = start();
    const listener = vi.fn();
    session.subscribe(listener);
    listener.mockClear();
    vi.setSystemTime(Date.now() + 10_000);
    expect(session.snapshot.state).toBe('warning');
    expect(listener).not.toHaveBeenCalled();
    await settled();
    expect(listener).toHaveBeenCalledOnce();
    expect(listener).toHaveBeenCalledWith(session.snapshot);
  });

  it('are never given one snapshot twice, also when they subscribed between a change and its notification', async () => {
    const session = start();
    vi.setSystemTime(Date.now() + 10_000);
    const { heard } = record(session);
    await settled();
    expect(heard).toEqual([{ state: 'warning', secondsLeft: 10 }]);
  });

  it('may subscribe and unsubscribe others, and themselves, during a notification', async () => {
    const session = start();
    const calls: string[] = [];
    const late = vi.fn();
    let unsubscribeB = () => {};
    const unsubscribeA = session.subscribe((snapshot) => {
      calls.push(`a ${snapshot.state}`);
      if (snapshot.state != 'warning') return;
      unsubscribeB();
      unsubscribeA();
      session.subscribe(late);
    });
    unsubscribeB = session.subscribe((snapshot) => calls.push(`b ${snapshot.state}`));
    await seconds(11);
    expect(calls).toEqual(['a active', 'b active', 'a warning']);
    expect(late.mock.calls).toEqual([[{ state: 'warning', secondsLeft: 10 }], [{ state: 'warning', secondsLeft: 9 }]]);
  });

  it('are called once more, with the end, after the session ended', async () => {
    const session = start();
    const { heard } = record(session);
    await seconds(20);
    expect(heard.at(-1)).toEqual({ state: 'expired', reason: 'idle' });
  });

  it('are safe after destroy(): subscribing gives the last snapshot, nothing follows, unsubscribing is harmless', async () => {
    const session = start();
    await seconds(12);
    const early = record(session);
    session.destroy();
    const late = record(session);
    await seconds(30);
    expect(late.heard).toEqual([{ state: 'warning', secondsLeft: 8 }]);
    expect(early.heard).toEqual(late.heard);
    early.unsubscribe();
    late.unsubscribe();
    late.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('do not keep a session alive or stop the others when one throws', async () => {
    const session = start();
    const broken = vi.fn((snapshot: SessionSnapshot) => {
      if (snapshot.state == 'warning') throw new Error('a broken component');
    });
    session.subscribe(broken);
    const { heard } = record(session);
    await seconds(20);
    expect(broken).toHaveBeenCalledTimes(12);
    expect(heard).toHaveLength(12);
    expect(heard.at(-1)).toEqual({ state: 'expired', reason: 'idle' });
  });
});
