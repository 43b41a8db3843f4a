import { beforeAll, describe, expect, it, vi } from 'vitest';
import { legacySessionSecurity } from '../../src/legacy';
import { lifetime, type LifetimeOptions } from '../../src/lifetime';
import { SessionSecurity } from '../../src/session-security';
import type { ExpireReason, WarnEventDetail, WarningView } from '../../src/types';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

// jsdom has <dialog> without its methods; the modal itself is tested in Chromium.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = vi.fn(function (this: HTMLDialogElement) {
    this.open = true;
  });
  HTMLDialogElement.prototype.close = vi.fn(function (this: HTMLDialogElement) {
    this.open = false;
  });
});

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
/** The fake clock's start (see useTestBed) plus `s` seconds, in epoch milliseconds. */
const at = (s: number) => Date.parse('2026-01-01T09:00:00Z') + s * 1000;

/** A session warned after 10 s of inactivity, ended after 20 s, whose lifetime ends `endsAt`. */
function start(options: Partial<LifetimeOptions> = {}, browser = memoryBrowser()) {
  network.use(djangoLike().handler);
  const tab = browser.tab();
  const session = new SessionSecurity(
    { pingUrl: '/ping', warnAfter: 10, expireAfter: 20, returnToUrl: '/signed-in-again/' },
    tab.platform,
  );
  const ends: ExpireReason[] = [];
  const warns: WarnEventDetail[] = [];
  session.addEventListener('expire', (event) => ends.push(event.detail.reason));
  session.addEventListener('warn', (event) => warns.push(event.detail));
  const stop = lifetime(session, { endsAt: at(30), warnBefore: 8, ...options });
  return { session, stop, ends, warns, navigations: tab.navigations };
}

const dialog = () => document.querySelector('dialog');

describe('an absolute lifetime', () => {
  it('ends the session at its moment however active the user is, with its own reason', async () => {
    const { session, ends, navigations } = start();
    for (let s = 0; s < 29; s++) {
      session.activity();
      await seconds(1);
    }
    expect(ends).toEqual([]);
    await seconds(1);
    expect(ends).toEqual(['lifetime']);
    expect(session.snapshot).toEqual({ state: 'expired', reason: 'lifetime' });
    await seconds(1.5);
    expect(navigations).toEqual(['/signed-in-again/']);
  });

  it.each([
    ['epoch milliseconds', at(30)],
    ['an ISO 8601 text', new Date(at(30)).toISOString()],
    ['a Date', new Date(at(30))],
  ])('takes its moment as %s', async (_, endsAt) => {
    const { session, ends } = start({ endsAt });
    const keepActive = setInterval(() => session.activity(), 1000);
    await seconds(29.9);
    expect(ends).toEqual([]);
    await seconds(0.1);
    expect(ends).toEqual(['lifetime']);
    clearInterval(keepActive);
  });

  it('warns warnBefore ahead that nothing extends the session: its own texts, a button that only closes', async () => {
    const { session, warns } = start({ logoutUrl: '/logout/' });
    const keepActive = setInterval(() => session.activity(), 1000);
    await seconds(21.9);
    expect(dialog()).toBeNull();
    await seconds(0.1);
    expect(warns).toEqual([{ secondsLeft: 8, extendable: false }]);
    expect(dialog()!.querySelector('h2')!.textContent).toBe('Your session is ending');
    expect(dialog()!.querySelector('[aria-hidden="true"]')!.textContent).toBe(
      'For your security, you will be signed out in 8 seconds, whatever you do. Save your work now.',
    );
    expect([...dialog()!.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      'Close',
      'Sign out now',
    ]);
    await seconds(3);
    // Activity, every second meanwhile, does not dismiss it; the countdown goes on.
    expect(dialog()!.querySelector('[aria-hidden="true"]')!.textContent).toMatch(/in 5 seconds/);
    expect(session.state).toBe('active');
    clearInterval(keepActive);
  });

  it('closes on "Close", which extends nothing: the session ends at the same moment', async () => {
    const { session, ends } = start();
    const keepActive = setInterval(() => session.activity(), 1000);
    await seconds(22);
    clearInterval(keepActive);
    const idle = session.idleSeconds;
    dialog()!.querySelector('button')!.click();
    expect(dialog()).toBeNull();
    expect(session.idleSeconds).toBe(idle);
    await seconds(7.9);
    expect(dialog()).toBeNull();
    expect(ends).toEqual([]);
    await seconds(0.1);
    expect(ends).toEqual(['lifetime']);
  });

  it('takes its texts from lifetimeTitle, lifetimeMessage and closeButton', async () => {
    const { session } = start({
      lifetimeTitle: 'Ihre Sitzung endet',
      lifetimeMessage: 'Sie werden in {time} abgemeldet.',
      closeButton: 'Schließen',
      lang: 'de',
    });
    const keepActive = setInterval(() => session.activity(), 1000);
    await seconds(22);
    expect(dialog()!.querySelector('h2')!.textContent).toBe('Ihre Sitzung endet');
    expect(dialog()!.querySelector('[aria-hidden="true"]')!.textContent).toBe('Sie werden in 8 Sekunden abgemeldet.');
    expect(dialog()!.querySelector('button')!.textContent).toBe('Schließen');
    clearInterval(keepActive);
  });

  it('drives a custom view: show, update every second, hide when the session ends', async () => {
    const calls: unknown[][] = [];
    const view: WarningView = {
      show: (secondsLeft) => calls.push(['show', secondsLeft]),
      update: (secondsLeft) => calls.push(['update', secondsLeft]),
      hide: () => calls.push(['hide']),
    };
    const { session } = start({ view, endsAt: at(5), warnBefore: 3 });
    await seconds(5);
    expect(calls).toEqual([['show', 3], ['update', 2], ['update', 1], ['hide']]);
    expect(dialog()).toBeNull();
    expect(session.state).toBe('expired');
  });

  it('ends every tab of the browser, having warned each', async () => {
    const browser = memoryBrowser();
    const tabs = [start({}, browser), start({}, browser)];
    const keepActive = setInterval(() => tabs[0].session.activity(), 1000);
    await seconds(22);
    expect(tabs.map((tab) => tab.warns)).toEqual([
      [{ secondsLeft: 8, extendable: false }],
      [{ secondsLeft: 8, extendable: false }],
    ]);
    await seconds(8);
    expect(tabs.map((tab) => tab.session.state)).toEqual(['expired', 'expired']);
    expect(tabs.flatMap((tab) => tab.ends)).toContain('lifetime');
    clearInterval(keepActive);
  });

  it('stops with its undo, and with the session ended otherwise: no warning, no end of its own', async () => {
    const undone = start();
    undone.stop();
    const keepActive = setInterval(() => undone.session.activity(), 1000);
    await seconds(31);
    expect(dialog()).toBeNull();
    expect(undone.ends).toEqual([]);
    clearInterval(keepActive);
    undone.session.destroy();

    const loggedOut = start({ endsAt: Date.now() + 30_000 });
    const keepLoggedOutActive = setInterval(() => loggedOut.session.activity(), 1000);
    await seconds(22);
    expect(dialog()).not.toBeNull();
    loggedOut.session.logout();
    clearInterval(keepLoggedOutActive);
    expect(dialog()).toBeNull();
    await seconds(10);
    expect(loggedOut.ends).toEqual(['logout']);
  });

  it("on a Django page (the drop-in and the package's markup): warns in its own dialog, not the markup, and ends by the page's own expire", async () => {
    network.use(djangoLike().handler);
    document.body.innerHTML = `
      <div id="session_security_warning" style="display:none" aria-hidden="true">
        <h3>Your session is about to expire <span id="session_security_counter"></span></h3>
        <p>Click or type to extend your session.</p>
      </div>`;
    const tab = memoryBrowser().tab();
    const expired: string[] = [];
    const session = new (legacySessionSecurity(SessionSecurity))(
      {
        pingUrl: '/session_security/ping/',
        warnAfter: 10,
        expireAfter: 20,
        expire: () => expired.push(session.state),
      },
      tab.platform,
    );
    const ends: ExpireReason[] = [];
    session.addEventListener('expire', (event) => ends.push(event.detail.reason));
    lifetime(session, { endsAt: at(30), warnBefore: 8 });
    const keepActive = setInterval(() => session.activity(), 1000);
    await seconds(22);
    expect(dialog()!.querySelector('h2')!.textContent).toBe('Your session is ending');
    expect(document.getElementById('session_security_warning')!.style.display).toBe('none');
    await seconds(8);
    expect(ends).toEqual(['lifetime']);
    expect(expired).toEqual(['expired']);
    clearInterval(keepActive);
  });

  it('waits for a moment further than a timer reaches (24.8 days)', async () => {
    const { session, ends } = start({ endsAt: at(40 * 86_400) });
    session.destroy();
    await seconds(25 * 86_400);
    expect(ends).toEqual([]);
  });

  it.each([
    [
      { endsAt: undefined },
      TypeError,
      /"endsAt" must be epoch milliseconds, an ISO 8601 date or a Date, got undefined/,
    ],
    [{ endsAt: 'at six' }, TypeError, /"endsAt" .* got "at six"/],
    [{ endsAt: new Date('nope') }, TypeError, /"endsAt" .* got Invalid Date/],
    [{ endsAt: Infinity }, TypeError, /"endsAt" .* got Infinity/],
    [{ warnBefore: 0 }, RangeError, /"warnBefore" must be a positive number of seconds, got 0/],
    [{ lifetimeTitle: 7 }, TypeError, /"lifetimeTitle" must be of type string, got 7/],
    [{ closeButton: null }, TypeError, /"closeButton" must be of type string, got null/],
    [{ view: { show() {} } }, TypeError, /"view.update" must be a function/],
  ])('refuses %o, naming the option and the value', (options, type, message) => {
    const { session } = start({ endsAt: Date.now() + 60_000 }, memoryBrowser());
    expect(() => lifetime(session, { endsAt: at(30), ...options } as never)).toThrow(type);
    expect(() => lifetime(session, { endsAt: at(30), ...options } as never)).toThrow(message);
  });
});
