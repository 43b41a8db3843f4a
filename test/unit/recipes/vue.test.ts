import { useSessionSecurity } from 'readme:vue/useSessionSecurity.js';
import { createApp, effectScope, h, nextTick, type ShallowRef } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type SessionSnapshot } from '../../../src/core';
import { djangoLike } from '../support/django-like';
import { network, useTestBed } from '../support/setup';
import { countSideEffects } from './support';

useTestBed();
beforeEach(() => localStorage.clear());

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
const start = () => new SessionSecurity({ pingUrl: '/session_security/ping/' });

describe('the Vue composable (README), a shallowRef and onScopeDispose', () => {
  it('renders the snapshot in a component, and the session ends with the component', async () => {
    let session: SessionSecurity | undefined;
    const app = createApp({
      setup() {
        const used = useSessionSecurity(start);
        session = used.session;
        const snapshot = used.snapshot as ShallowRef<SessionSnapshot>;
        return () => h('p', snapshot.value.state == 'warning' ? `${snapshot.value.secondsLeft} s left` : 'signed in');
      },
    });
    const counted = await countSideEffects(
      async () => app.mount(document.body.appendChild(document.createElement('div'))),
      async () => {
        expect(document.body.textContent).toBe('signed in');
        await seconds(541);
        await nextTick();
        expect(document.body.textContent).toBe('59 s left');
        session!.activity();
        // Dismissed when the server has the activity: one round trip after its claim to ping (jsdom has no Web Locks: a claim to ping waits 100 ms for rival tabs).
        await seconds(0.099);
        await nextTick();
        expect(document.body.textContent).toBe('59 s left');
        await seconds(0.001);
        await nextTick();
        expect(document.body.textContent).toBe('signed in');
        // jsdom fires the storage events of the answer's record from timers of its own, a tick
        // later: let them run.
        await seconds(0.001);
        app.unmount();
      },
    );
    expect(counted).toMatchObject({ listeners: 0, timers: 0, channels: 0 });
  });

  it('gives a ref that changes only with the snapshot, and stops with its scope', async () => {
    network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
    const scope = effectScope();
    const { snapshot } = scope.run(() => useSessionSecurity(start))!;
    const active = snapshot.value;
    expect(active).toEqual({ state: 'active' });
    await seconds(539);
    expect(snapshot.value).toBe(active);
    await seconds(3);
    const warned = snapshot.value;
    expect(warned).toEqual({ state: 'warning', secondsLeft: 58 });
    scope.stop();
    await seconds(60);
    expect(snapshot.value).toBe(warned);
    expect(vi.getTimerCount()).toBe(0);
  });
});
