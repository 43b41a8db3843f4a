import axe from 'axe-core';
import { act, createElement, StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from 'readme:react/App.jsx';
import { useSessionSecurity } from 'readme:react/useSessionSecurity.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionSecurity } from '../../../src/session-security';
import { djangoLike } from '../support/django-like';
import { network, useTestBed } from '../support/setup';
import { countSideEffects, useModalDialogs } from './support';

useTestBed();
useModalDialogs();

// React's `act` warns unless the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const seconds = (s: number) => act(() => vi.advanceTimersByTimeAsync(s * 1000));
/** A click and what follows it: the session notifies its listeners in a microtask. */
const click = (button: HTMLElement) => act(async () => button.click());
let root: Root;
const render = (node: ReactNode) => act(async () => root.render(node));

beforeEach(() => {
  localStorage.clear();
  const container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
});
afterEach(() => act(async () => root.unmount()));

let session: SessionSecurity | undefined;
/** A component of the app, showing what the hook gives. */
function Status() {
  const [snapshot, started] = useSessionSecurity(() => new SessionSecurity({ pingUrl: '/session_security/ping/' }));
  session = started;
  return createElement('p', { id: 'status' }, snapshot ? JSON.stringify(snapshot) : 'starting');
}
const status = () => document.getElementById('status')?.textContent;

describe('the React hook (README), useSyncExternalStore over subscribe', () => {
  it('renders the snapshot: active, then the warning each second, then active again once the server has the activity', async () => {
    network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
    await render(createElement(Status));
    expect(status()).toBe('{"state":"active"}');
    await seconds(541);
    expect(status()).toBe('{"state":"warning","secondsLeft":59}');
    await click(document.querySelector('dialog button')!);
    // The warning shows only time the server grants: it stays until the server answers the
    // report, one round trip after its claim to ping (jsdom has no Web Locks: a claim to ping waits 100 ms for rival tabs).
    await seconds(0.099);
    expect(status()).toBe('{"state":"warning","secondsLeft":59}');
    await seconds(0.001);
    expect(status()).toBe('{"state":"active"}');
  });

  it('re-renders only on a change: never while the user is active, once a second while warned', async () => {
    network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
    let renders = 0;
    const Counted = () => (renders++, Status());
    await render(createElement(Counted));
    const started = renders;
    for (let i = 0; i < 60; i++) {
      await seconds(1);
      session!.activity();
    }
    expect(renders).toBe(started);
    // Warned from the server's stamp of the last activity (60 s) at the earliest, as its answers
    // tell: never more than 1.1 s before activity + warnAfter (600 s), at 598.911 s with pings at
    // the edge.
    await seconds(538.9);
    expect(renders).toBe(started);
    await seconds(0.011);
    expect(renders).toBe(started + 1);
    await seconds(10);
    expect(renders).toBe(started + 11);
  });

  it('leaves nothing behind under <StrictMode> (mount, unmount, mount): one session, no extra ping', async () => {
    const strict = await countSideEffects(
      () => render(createElement(StrictMode, null, createElement(Status))),
      () => seconds(599.5),
    );
    await act(async () => root.unmount());
    root = createRoot(document.body.appendChild(document.createElement('div')));
    localStorage.clear();
    // A page of its own: its idle clock starts at its navigation (performance.now() from 0).
    vi.useRealTimers();
    vi.useFakeTimers({ now: Date.now() });
    const plain = await countSideEffects(
      () => render(createElement(Status)),
      () => seconds(599.5),
    );
    expect(strict).toEqual(plain);
    expect(plain).toMatchObject({ pings: 2, channels: 1, dialogs: 1 });
    expect(plain.listeners).toBeGreaterThan(0);
    expect(plain.timers).toBeGreaterThan(0);
  });

  it('leaves nothing at all once unmounted', async () => {
    const counted = await countSideEffects(
      () => render(createElement(StrictMode, null, createElement(Status))),
      async () => {
        await seconds(545);
        await act(async () => root.unmount());
      },
    );
    expect(counted).toMatchObject({ listeners: 0, timers: 0, channels: 0, dialogs: 0 });
  });
});

/** Colours need a layout engine, which jsdom lacks; the built-in dialog's are checked in Chromium. */
const JSDOM_CANNOT = { 'color-contrast': { enabled: false } };

describe("the app's own warning (README), with the engine alone", () => {
  it('shows while warned, counts down, and "Stay signed in" keeps the session', async () => {
    network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
    await render(createElement(App));
    expect(document.querySelector('dialog')).toBeNull();
    await seconds(540);
    const dialog = document.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('You will be signed out in 60 seconds.');
    expect(document.activeElement).toBe(dialog.querySelector('button'));
    await seconds(15);
    expect(dialog.textContent).toContain('You will be signed out in 45 seconds.');
    await seconds(44);
    expect(dialog.textContent).toContain('You will be signed out in 1 second.');
    await click(dialog.querySelector('button')!);
    // Hidden when the server has the activity: reported at once, after a claim of 100 ms (jsdom
    // has no Web Locks, and a claim waits for rival tabs), at 599.1 s, and answered.
    expect(dialog.open).toBe(true);
    await seconds(0.099);
    expect(dialog.open).toBe(true);
    await seconds(0.001);
    expect(document.querySelector('dialog')).toBeNull();
  });

  it('is accessible: axe-core finds no violation, before the warning and while it shows', async () => {
    network.use(djangoLike({ url: '*/session_security/ping/', expireAfter: 600 }).handler);
    // The app's page, as its HTML would have it.
    document.title = 'Orders';
    document.documentElement.lang = 'en';
    await render(createElement(App));
    const check = async () => {
      // axe-core waits on timers between its rules: a millisecond at a time, far from any deadline.
      let results: axe.AxeResults | undefined;
      void axe.run(document, { rules: JSDOM_CANNOT }).then((done) => (results = done));
      while (!results) await vi.advanceTimersByTimeAsync(1);
      return results.violations.map(({ id, nodes }) => ({ id, nodes: nodes.map((node) => node.html) }));
    };
    expect(await check()).toEqual([]);
    await seconds(540);
    expect(document.querySelector('dialog[open]')).not.toBeNull();
    expect(await check()).toEqual([]);
  });
});
