import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialogSession } from '../../src/dialog/index';
import { SessionSecurity } from '../../src/with-dialog';
import { legacySessionSecurity, type LegacyOptions } from '../../src/legacy';
import type { WarningView } from '../../src/types';
import { memoryBrowser } from './support/memory-browser';

/** What a Django page has after `{% include 'session_security/all.html' %}`, before the inline script. */
const DJANGO_MARKUP = `
  <form><input name="note"></form>
  <div id="session_security_warning" class="session_security" style="display:none" aria-hidden="true" role="dialog">
    <div class="session_security_overlay"></div>
    <div class="session_security_modal" role="document" tabindex="-1">
      <h3>Your session is about to expire <span id="session_security_counter"></span></h3>
      <p>Click or type to extend your session.</p>
    </div>
  </div>`;

/** The server of django-session-security, on the fake clock: idle seconds since the last activity it knows of. */
let serverActivity: number;
let answer: ((idleFor: number) => number | 'logout') | undefined;
const pings: number[] = [];
const server = setupServer(
  http.get('*/session_security/ping/', ({ request }) => {
    const idleFor = Number(new URL(request.url).searchParams.get('idleFor'));
    pings.push(idleFor);
    serverActivity = Math.max(serverActivity, Date.now() - idleFor * 1000);
    return HttpResponse.json(answer ? answer(idleFor) : Math.floor((Date.now() - serverActivity) / 1000));
  }),
);

const views: (WarningView & { calls: string[]; options: LegacyOptions })[] = [];
/** Stands for our dialog: records what the drop-in asks of it. */
function createView(_session: DialogSession, options: LegacyOptions): WarningView {
  const calls: string[] = [];
  const view = {
    calls,
    options,
    show: (s: number) => calls.push(`show ${s}`),
    update: (s: number) => calls.push(`update ${s}`),
    hide: () => calls.push('hide'),
  };
  views.push(view);
  return view;
}

/** The drop-in on our SDK, with the dialog replaced by the recording view. */
const YourlabsSessionSecurity = legacySessionSecurity(SessionSecurity, createView);
let instances: SessionSecurity[] = [];
let navigations: string[];

/** `new yourlabs.SessionSecurity({...})` as the package's `all.html` writes it (warnAfter 5, expireAfter 10 here). */
function start(options: Partial<LegacyOptions> = {}) {
  const tab = memoryBrowser().tab();
  navigations = tab.navigations;
  const instance = new YourlabsSessionSecurity(
    {
      pingUrl: '/session_security/ping/',
      warnAfter: 5,
      expireAfter: 10,
      confirmFormDiscard: 'You have unsaved changes in a form of this page.',
      ...options,
    },
    tab.platform,
  );
  instances.push(instance);
  return instance;
}

const warning = () => document.getElementById('session_security_warning')!;
const shown = () => warning().style.display != 'none';
const advance = (seconds: number) => vi.advanceTimersByTimeAsync(seconds * 1000);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
  serverActivity = Date.now();
  answer = undefined;
  pings.length = 0;
  views.length = 0;
  document.body.innerHTML = DJANGO_MARKUP;
});
afterEach(() => {
  for (const instance of instances) instance.destroy();
  instances = [];
  vi.useRealTimers();
});

describe('the page of a Django site, with the markup of all.html', () => {
  it('shows the warning after warnAfter seconds, announced and focused', async () => {
    start();
    await advance(4.9);
    expect(shown()).toBe(false);
    expect(warning().getAttribute('aria-hidden')).toBe('true');

    await advance(0.1);
    expect(shown()).toBe(true);
    expect(warning().getAttribute('aria-hidden')).toBe('false');
    expect(document.activeElement).toBe(document.querySelector('.session_security_modal'));
    expect(views[0].calls).toEqual([]);
  });

  it('counts down the seconds left in #session_security_counter', async () => {
    start();
    await advance(5);
    expect(document.getElementById('session_security_counter')!.textContent).toBe('5');
    await advance(2);
    expect(document.getElementById('session_security_counter')!.textContent).toBe('3');
  });

  it('hides the warning on activity, gives the focus back and tells the server', async () => {
    const session = start();
    const input = document.querySelector('input')!;
    input.focus();
    await advance(5);
    expect(document.activeElement).not.toBe(input);
    pings.length = 0;

    session.activity();
    await advance(0);
    expect(shown()).toBe(false);
    expect(warning().getAttribute('aria-hidden')).toBe('true');
    expect(document.activeElement).toBe(input);
    expect(pings).toEqual([0]);

    await advance(4.9);
    expect(shown()).toBe(false);
    expect(navigations).toEqual([]);
  });

  it('ends the session after expireAfter seconds by reloading, so the server shows its login page', async () => {
    const session = start();
    await advance(9.9);
    expect(session.state).toBe('warning');
    await advance(0.1);
    expect(session.state).toBe('expired');
    // Covered at once; the page leaves a second later, when the server's clock has ended it too.
    await advance(0.9);
    expect(navigations).toEqual([]);
    await advance(0.1);
    expect(navigations).toEqual(['']);
  });

  it('goes to returnToUrl instead when given', async () => {
    start({ returnToUrl: '/logout/' });
    await advance(11);
    expect(navigations).toEqual(['/logout/']);
  });

  it('pings with idleFor and ends the session when the server answers "logout"', async () => {
    answer = () => 'logout';
    start();
    await advance(5.1);
    expect(pings.length).toBeGreaterThan(0);
    expect(pings.every((idleFor) => Number.isInteger(idleFor) && idleFor >= 0)).toBe(true);
    expect(navigations).toEqual(['']);
  });

  it('keeps the session while the server saw newer activity (another browser)', async () => {
    answer = () => 0;
    start();
    await advance(12);
    expect(navigations).toEqual([]);
    expect(shown()).toBe(false);
  });

  it('counts the old event names given in `events`', async () => {
    start({ events: ['keyup', 'touchend'], trustedEventsOnly: false });
    await advance(5);
    document.dispatchEvent(new KeyboardEvent('keyup'));
    await advance(0);
    expect(shown()).toBe(false);
  });
});

describe('a page without the markup', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it("warns with our dialog, made with the page's options, and counts down in it", async () => {
    const session = start();
    expect(views).toHaveLength(1);
    expect(views[0].options.warnAfter).toBe(5);
    await advance(7);
    session.activity();
    await advance(0);
    expect(views[0].calls).toEqual(['show 5', 'update 4', 'update 3', 'hide']);
  });

  it('leaves our dialog alone when the page shows its own warning', async () => {
    const calls: string[] = [];
    const session = start({ showWarning: () => calls.push('show'), hideWarning: () => calls.push('hide') });
    await advance(7);
    session.activity();
    await advance(0);
    expect(calls).toEqual(['show', 'hide']);
    expect(views[0].calls).toEqual([]);
  });
});

describe("the page's own overrides", () => {
  it('showWarning and hideWarning given as options replace the built-in warning', async () => {
    const calls: string[] = [];
    const session = start({
      showWarning: (secondsLeft) => calls.push(`show ${secondsLeft}`),
      hideWarning: () => calls.push('hide'),
    });
    await advance(5);
    session.activity();
    await advance(0);
    expect(calls).toEqual(['show 5', 'hide']);
    expect(shown()).toBe(false);
  });

  it('showWarning and hideWarning assigned on the instance replace it too', async () => {
    const calls: string[] = [];
    const session = start();
    Object.assign(session, { showWarning: () => calls.push('show'), hideWarning: () => calls.push('hide') });
    await advance(5);
    session.activity();
    await advance(0);
    expect(calls).toEqual(['show', 'hide']);
    expect(shown()).toBe(false);
  });

  it('expire given as an option ends the session its own way: no navigation', async () => {
    const expire = vi.fn();
    const session = start({ expire });
    await advance(10);
    expect(expire).toHaveBeenCalledOnce();
    expect(session.state).toBe('expired');
    expect(navigations).toEqual([]);
  });

  it('expire assigned on the instance does too, and may end by calling the original', async () => {
    const session = start({ returnToUrl: '/logout/' });
    const original = Object.getPrototypeOf(session).expire;
    const steps: string[] = [];
    Object.assign(session, {
      expire(this: typeof session) {
        steps.push('saved');
        original.call(this);
      },
    });
    await advance(10);
    expect(steps).toEqual(['saved']);
    expect(navigations).toEqual(['/logout/']);
  });

  it('sessionSecurity.expire() called by the page ends the session now', async () => {
    const session = start();
    session.expire();
    await advance(0);
    expect(session.state).toBe('expired');
    expect(navigations).toEqual(['']);
  });

  it('refuses an override that is not a function, naming it, and leaves nothing running', async () => {
    expect(() => start({ showWarning: 'fade' as never })).toThrow(/"showWarning".*"fade"/);
    await advance(10);
    expect(pings).toEqual([]);
    expect(navigations).toEqual([]);
  });

  it("leaves nothing running when our dialog refuses the page's options", async () => {
    const Refusing = legacySessionSecurity(SessionSecurity, () => {
      throw new TypeError('session-security: option "title" must be of type string, got 1');
    });
    const tab = memoryBrowser().tab();
    expect(
      () => new Refusing({ pingUrl: '/session_security/ping/', warnAfter: 5, expireAfter: 10 }, tab.platform),
    ).toThrow(/"title"/);
    await advance(10);
    expect(pings).toEqual([]);
    expect(tab.navigations).toEqual([]);
  });
});

describe('confirmFormDiscard', () => {
  const leave = () => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };
  const edit = () => {
    const input = document.querySelector('input')!;
    input.value = 'draft';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };

  it('asks before leaving a page with a changed form', () => {
    start();
    edit();
    expect(leave()).toBe(true);
  });

  it('is off once the page sets it to undefined', () => {
    const session = start();
    session.confirmFormDiscard = undefined;
    edit();
    expect(leave()).toBe(false);
  });

  it('never holds back the end of the session', async () => {
    start();
    edit();
    await advance(10);
    expect(leave()).toBe(false);
    await advance(1);
    expect(navigations).toEqual(['']);
  });
});
