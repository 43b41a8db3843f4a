import { flushSync, mount, unmount, type Component } from 'svelte';
import { derived, get } from 'svelte/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionSecurity } from '../../../src/session-security';
import { djangoLike } from '../support/django-like';
import { network, useTestBed } from '../support/setup';
import { useModalDialogs } from './support';

useTestBed();
useModalDialogs();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

// The recipe starts its session when imported: afresh in each test, on the test's clock.
let session: SessionSecurity;
let secondsLeft: ReturnType<typeof derived<SessionSecurity, number | undefined>>;
beforeEach(async () => {
  localStorage.clear();
  network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
  vi.resetModules();
  ({ session, secondsLeft } = await import('readme:svelte/session.js'));
  return () => session.destroy();
});

describe('the instance as a Svelte store (README)', () => {
  it('is read by get(), and derived() follows it', async () => {
    expect(get(session)).toEqual({ state: 'active' });
    expect(get(secondsLeft)).toBeUndefined();
    const heard: (number | undefined)[] = [];
    const unsubscribe = secondsLeft.subscribe((value) => heard.push(value));
    await seconds(543);
    expect(get(session)).toEqual({ state: 'warning', secondsLeft: 57 });
    session.activity();
    // Dismissed when the server has the activity: one round trip after its claim to ping (jsdom has no Web Locks: a claim to ping waits 100 ms for rival tabs).
    await seconds(0.099);
    expect(get(session)).toEqual({ state: 'warning', secondsLeft: 57 });
    await seconds(0.001);
    unsubscribe();
    expect(heard).toEqual([undefined, 60, 59, 58, 57, undefined]);
  });

  it('is $session in a component', async () => {
    const { default: SessionStatus } = (await import('readme:svelte/SessionStatus.svelte')) as { default: Component };
    const target = document.body.appendChild(document.createElement('div'));
    const component = mount(SessionStatus, { target });
    expect(target.textContent).toBe('');
    await seconds(545);
    flushSync();
    expect(target.textContent).toBe('Signed out in 55 s');
    session.activity();
    await seconds(0);
    flushSync();
    expect(target.textContent).toBe('Signed out in 55 s');
    // Dismissed when the server has the activity: one round trip after its claim to ping (jsdom has no Web Locks: a claim to ping waits 100 ms for rival tabs).
    await seconds(0.1);
    flushSync();
    expect(target.textContent).toBe('');
    void unmount(component);
  });
});
