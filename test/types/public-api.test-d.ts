import { describe, expectTypeOf, it } from 'vitest';
import * as core from '../../src/core';
import { lifetime, type LifetimeOptions } from '../../src/lifetime';
import pl from '../../src/locales/pl';
import * as sdk from '../../src/session-security';
import {
  SessionSecurity,
  type CoreOptions,
  type ErrorEventDetail,
  type ExpireEventDetail,
  type HttpPingOptions,
  type Locale,
  type PingEventDetail,
  type Platform,
  type SessionSnapshot,
  type SessionSecurityOptions,
  type SessionState,
  type SnapshotListener,
  type WarnEventDetail,
  type WarningView,
} from '../../src/session-security';

describe('the package entries', () => {
  it('export the class and nothing else at run time, and the choice of a locale with the dialog', () => {
    expectTypeOf<keyof typeof sdk>().toEqualTypeOf<'SessionSecurity' | 'chooseLocale'>();
    expectTypeOf<keyof typeof core>().toEqualTypeOf<'SessionSecurity'>();
  });

  it('give the core class the engine alone, the full class the dialog and the form guard too', () => {
    expectTypeOf<sdk.SessionSecurity>().toExtend<core.SessionSecurity>();
    expectTypeOf<sdk.SessionSecurity>().toHaveProperty('confirmFormDiscard');
    expectTypeOf<core.SessionSecurity>().not.toHaveProperty('confirmFormDiscard');
    expectTypeOf(SessionSecurity.version).toEqualTypeOf<string>();
  });

  it('export what someone writing a Platform needs', () => {
    expectTypeOf<Platform['connect']>().returns.toEqualTypeOf<core.Transport | undefined>();
    expectTypeOf<Platform['storage']>().toEqualTypeOf<core.KeyValue | undefined>();
  });
});

describe('the locales', () => {
  it('are plain objects spread into the options, with every text', () => {
    expectTypeOf(pl).toEqualTypeOf<Locale>();
    new SessionSecurity({ pingUrl: '/ping/', ...pl, title: 'Uwaga' });
    // @ts-expect-error every text, the lifetime's too
    const partial: Locale = { lang: 'pl', title: 'Sesja wkrótce wygaśnie' };
    expectTypeOf(sdk.chooseLocale([pl, partial])).toEqualTypeOf<Locale | undefined>();
  });
});

describe('the options', () => {
  it('take seconds as numbers, the ping method and the credentials as their few words', () => {
    expectTypeOf<CoreOptions['warnAfter']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SessionSecurityOptions['pingMethod']>().toEqualTypeOf<'GET' | 'POST' | undefined>();
    expectTypeOf<SessionSecurityOptions>().toExtend<CoreOptions & HttpPingOptions>();
    // @ts-expect-error the HTTP options are the full SDK's: the engine alone takes a ping function
    new core.SessionSecurity({ pingUrl: '/ping/', pingMethod: 'POST' });
    // @ts-expect-error a number of seconds, not a string
    new SessionSecurity({ pingUrl: '/ping/', warnAfter: '540' });
    // @ts-expect-error GET or POST
    new SessionSecurity({ pingUrl: '/ping/', pingMethod: 'PUT' });
    // @ts-expect-error a view renders with show, update and hide
    new SessionSecurity({ pingUrl: '/ping/', view: { show() {} } });
  });

  it('accept a ping function for any backend, answering idle seconds or "logout"', () => {
    new SessionSecurity({ ping: async (idleFor, signal) => (signal.aborted ? 'logout' : idleFor) });
    // @ts-expect-error an answer is a number or "logout"
    new SessionSecurity({ ping: async () => 'later' });
  });
});

describe('the events', () => {
  it('are typed by name for addEventListener', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    session.addEventListener('warn', (event) => expectTypeOf(event.detail).toEqualTypeOf<WarnEventDetail>());
    session.addEventListener('ping', (event) => expectTypeOf(event.detail).toEqualTypeOf<PingEventDetail>());
    session.addEventListener('error', (event) => expectTypeOf(event.detail).toEqualTypeOf<ErrorEventDetail>());
    session.addEventListener('expire', (event) => {
      expectTypeOf(event.detail).toEqualTypeOf<ExpireEventDetail>();
      expectTypeOf(event.detail.reason).toEqualTypeOf<'idle' | 'server' | 'logout' | 'tab' | 'lifetime'>();
    });
    session.addEventListener('resume', (event) => expectTypeOf(event).toEqualTypeOf<CustomEvent<void>>());
    session.addEventListener('warn', (event) =>
      expectTypeOf(event.detail.extendable).toEqualTypeOf<false | undefined>(),
    );
    // @ts-expect-error the detail of `warn` has no `reason`
    session.addEventListener('warn', (event) => event.detail.reason);
  });

  it('leave the state and the seconds readable, never writable', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    expectTypeOf(session.state).toEqualTypeOf<SessionState>();
    expectTypeOf(session.remainingSeconds).toEqualTypeOf<number>();
    // @ts-expect-error read-only
    session.state = 'active';
  });

  it('let a view be any object with show, update and hide', () => {
    expectTypeOf<{ show(s: number): void; update(s: number): void; hide(): void }>().toExtend<WarningView>();
  });
});

describe('the store contract', () => {
  it('subscribes a listener of snapshots and returns the function that unsubscribes', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    expectTypeOf(session.subscribe).parameter(0).toEqualTypeOf<SnapshotListener>();
    expectTypeOf(session.subscribe).returns.toEqualTypeOf<() => void>();
    expectTypeOf<Parameters<SnapshotListener>>().toEqualTypeOf<[SessionSnapshot]>();
    expectTypeOf<core.SessionSecurity['subscribe']>().toEqualTypeOf<SessionSecurity['subscribe']>();
    // @ts-expect-error a listener is given a snapshot, not a number
    session.subscribe((seconds: number) => seconds);
  });

  it('is the store contract of Svelte and the subscribe and getSnapshot of React', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    type SvelteReadable<T> = { subscribe(run: (value: T) => void): (() => void) | { unsubscribe(): void } };
    expectTypeOf(session).toExtend<SvelteReadable<SessionSnapshot>>();
    type ReactSubscribe = (onStoreChange: () => void) => () => void;
    expectTypeOf((onChange: () => void) => session.subscribe(onChange)).toExtend<ReactSubscribe>();
  });

  it('gives a read-only snapshot whose state tells which fields it has', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    const { snapshot } = session;
    expectTypeOf(snapshot.state).toEqualTypeOf<SessionState>();
    if (snapshot.state == 'warning') expectTypeOf(snapshot.secondsLeft).toEqualTypeOf<number>();
    if (snapshot.state == 'expired') expectTypeOf(snapshot.reason).toEqualTypeOf<core.ExpireReason>();
    expectTypeOf(snapshot.secondsLeft).toEqualTypeOf<number | undefined>();
    // @ts-expect-error frozen
    snapshot.state = 'active';
    // @ts-expect-error read-only
    session.snapshot = snapshot;
  });

  it('dispatches each new snapshot as the `change` event', () => {
    const session = new SessionSecurity({ pingUrl: '/ping/' });
    session.addEventListener('change', (event) => expectTypeOf(event.detail).toEqualTypeOf<SessionSnapshot>());
  });
});

describe('session-security/lifetime', () => {
  it('takes an instance of either entry and its moment, and returns its undo', () => {
    expectTypeOf(lifetime(new core.SessionSecurity({ pingUrl: '/ping/' }), { endsAt: new Date() })).toEqualTypeOf<
      () => void
    >();
    expectTypeOf<LifetimeOptions['endsAt']>().toEqualTypeOf<number | string | Date>();
    // @ts-expect-error its moment is required
    lifetime(new sdk.SessionSecurity({ pingUrl: '/ping/' }), {});
  });
});
