import { describe, expect, it, vi } from 'vitest';
import { hold } from '../../src/hold';
import { SessionSecurity } from '../../src/core';
import type { ExpireReason } from '../../src/types';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

/** A tab whose session warns after 10 s of inactivity and ends after 20 s. */
function start(browser = memoryBrowser()) {
  const session = new SessionSecurity({ pingUrl: '/ping', warnAfter: 10, expireAfter: 20 }, browser.tab().platform);
  const ends: ExpireReason[] = [];
  session.addEventListener('expire', (event) => ends.push(event.detail.reason));
  return { session, ends };
}

/** A promise and its settling functions. */
function work() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

describe('a hold: work that keeps the session alive', () => {
  it('keeps every tab active while the work is pending, then the idle time counts from its end', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const [tab, other] = [start(browser), start(browser)];
    const upload = work();
    hold(tab.session, upload.promise);
    await seconds(60);
    expect([tab.session.state, other.session.state]).toEqual(['active', 'active']);
    // The warning comes up to 1.1 s early (the server's whole seconds), and the settling is recorded
    // within a second (the engine's rest after activity).
    upload.resolve();
    await seconds(7.5);
    expect([tab.session.state, other.session.state]).toEqual(['active', 'active']);
    await seconds(2.6);
    expect([tab.session.state, other.session.state]).toEqual(['warning', 'warning']);
    await seconds(10);
    expect(tab.ends).toEqual(['idle']);
  });

  it('ends when the work fails too', async () => {
    network.use(djangoLike().handler);
    const { session, ends } = start();
    const report = work();
    hold(session, report.promise);
    await seconds(30);
    report.reject(new Error('500'));
    await seconds(17.5);
    expect(ends).toEqual([]);
    await seconds(2.6);
    expect(ends).toEqual(['idle']);
  });

  it('lasts while any of overlapping holds is pending', async () => {
    network.use(djangoLike().handler);
    const { session } = start();
    const [first, second] = [work(), work()];
    hold(session, first.promise);
    await seconds(5);
    hold(session, second.promise);
    await seconds(5);
    first.resolve();
    await seconds(30);
    expect(session.state).toBe('active');
    second.resolve();
    await seconds(10.1);
    expect(session.state).toBe('warning');
  });

  it('dismisses a warning showing when it starts, and lets go with its undo', async () => {
    network.use(djangoLike().handler);
    const { session } = start();
    await seconds(11);
    expect(session.state).toBe('warning');
    const release = hold(session, new Promise(() => {}));
    await seconds(1);
    expect(session.state).toBe('active');
    await seconds(30);
    expect(session.state).toBe('active');
    release();
    await seconds(10.1);
    expect(session.state).toBe('warning');
  });

  it('never outlives the session: after its end, a pending hold stops', async () => {
    network.use(djangoLike().handler);
    const { session, ends } = start();
    hold(session, new Promise(() => {}));
    await seconds(5);
    session.logout();
    expect(vi.getTimerCount()).toBeLessThanOrEqual(2);
    await seconds(60);
    expect(ends).toEqual(['logout']);
  });

  it.each([undefined, 42, 'upload', {}])('refuses %o for work, naming it', (value) => {
    network.use(djangoLike().handler);
    const { session } = start();
    expect(() => hold(session, value as never)).toThrow(TypeError);
    expect(() => hold(session, value as never)).toThrow(/"work" must be a promise/);
  });
});
