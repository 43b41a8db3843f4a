import { Injector, runInInjectionContext, type EnvironmentInjector, type Signal } from '@angular/core';
import { injectSessionSecurity } from 'readme:angular/inject-session-security.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type SessionSnapshot } from '../../../src/core';
import { countSideEffects } from './support';
import { useTestBed } from '../support/setup';

useTestBed();
beforeEach(() => localStorage.clear());

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

describe('the Angular signal (README), in an injection context', () => {
  it('follows the snapshot, and the session ends with its injector', async () => {
    // An injector as Angular makes one for a component or a service, destroyed with it.
    const injector = Injector.create({ providers: [] }) as EnvironmentInjector;
    let snapshot!: Signal<SessionSnapshot>;
    const counted = await countSideEffects(
      async () =>
        runInInjectionContext(injector, () => {
          snapshot = injectSessionSecurity(() => new SessionSecurity({ pingUrl: '/session_security/ping/' }));
        }),
      async () => {
        const active = snapshot();
        expect(active).toEqual({ state: 'active' });
        await seconds(539);
        expect(snapshot()).toBe(active);
        await seconds(2);
        expect(snapshot()).toEqual({ state: 'warning', secondsLeft: 59 });
        injector.destroy();
      },
    );
    expect(counted).toMatchObject({ listeners: 0, timers: 0, channels: 0, pings: 1 });
  });
});
