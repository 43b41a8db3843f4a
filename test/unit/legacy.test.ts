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
function start(options: Partial<LegacyOptions> = {}, navigatedAgo = 0) {
  const tab = memoryBrowser().tab();
  tab.platform.origin -= navigatedAgo;
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

  it('starts on a page whose warning is due already (the sign-in took longer than warnAfter), and shows it', async () => {
    serverActivity = Date.now() - 6000;
    const instance = start({}, 6000);
    expect(instance.state).toBe('warning');
    await advance(0);
    expect(shown()).toBe(true);
    expect(document.activeElement).toBe(document.querySelector('.session_security_modal'));
    expect(document.getElementById('session_security_counter')!.textContent).toBe('4');
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
    // Covered at once; the page leaves 1.5 s later, when the server's clock has ended it too.
    await advance(1.4);
    expect(navigations).toEqual([]);
    await advance(0.1);
    expect(navigations).toEqual(['']);
  });

  it('goes to returnToUrl instead when given', async () => {
    start({ returnToUrl: '/logout/' });
    await advance(11.5);
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

  it("counts the old `scroll` as the user's wheel, never the page scrolling itself", async () => {
    start({ events: ['scroll'], trustedEventsOnly: false });
    await advance(4);
    document.dispatchEvent(new Event('scroll'));
    await advance(1);
    expect(shown()).toBe(true);
    document.dispatchEvent(new WheelEvent('wheel'));
    await advance(0);
    expect(shown()).toBe(false);
  });
});

describe("the page's own markup, while the warning shows", () => {
  const inert = (selector: string) => document.querySelector(selector)!.hasAttribute('inert');
  /** The page, but for the countdown and the serialization of the style. */
  const page = () =>
    document.body.innerHTML.replace(/(counter">)\d+/, '$1').replace(/style="display: ?none;?"/, 'style="display:none"');

  it('is an alert dialog named by its heading and described by its text, modal, with the page behind inert', async () => {
    start();
    await advance(5);
    const heading = warning().querySelector('h3')!;
    const text = warning().querySelector('p')!;
    expect(warning().getAttribute('role')).toBe('alertdialog');
    expect(warning().getAttribute('aria-modal')).toBe('true');
    expect(warning().getAttribute('aria-labelledby')).toBe(heading.id);
    expect(warning().getAttribute('aria-describedby')).toBe(text.id);
    expect(heading.id).not.toBe('');
    expect(text.id).not.toBe('');
    expect(inert('form')).toBe(true);
    expect(inert('#session_security_warning')).toBe(false);
  });

  it('leaves the page as it was once hidden, and gives the focus back', async () => {
    const session = start();
    const before = page();
    document.querySelector('input')!.focus();
    await advance(5);
    session.activity();
    await advance(0);
    expect(page()).toBe(before);
    expect(document.activeElement).toBe(document.querySelector('input'));
  });

  it('leaves the page as it was when the instance is destroyed while it shows', async () => {
    const session = start();
    const before = page();
    await advance(5);
    session.destroy();
    expect(page()).toBe(before);
  });

  it("keeps the heading's own id, and what the page had made inert stays inert", async () => {
    document.body.insertAdjacentHTML('afterbegin', '<nav inert>Menu</nav>');
    warning().querySelector('h3')!.id = 'expiry';
    const session = start();
    await advance(5);
    expect(warning().getAttribute('aria-labelledby')).toBe('expiry');
    session.activity();
    await advance(0);
    expect(inert('nav')).toBe(true);
    expect(warning().querySelector('h3')!.id).toBe('expiry');
  });

  it('makes inert what surrounds the markup at every level, when the page nests it', async () => {
    document.body.innerHTML = `<header>Site</header><main><article>Invoice</article>${DJANGO_MARKUP}</main>`;
    start();
    await advance(5);
    expect(['header', 'article', 'form'].map(inert)).toEqual([true, true, true]);
    expect(inert('main')).toBe(false);
  });

  it('is hidden from the start when a strict Content-Security-Policy refused its style attribute', () => {
    warning().removeAttribute('style');
    start();
    expect(shown()).toBe(false);
  });
});

describe('the options as the old client took them', () => {
  const error = () => vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => vi.restoreAllMocks());

  it('goes to a returnToUrl rendered unquoted (a RegExp, by django-session-security-continued) as location.href would', async () => {
    start({ returnToUrl: /logout/ as never });
    await advance(11.5);
    expect(navigations).toEqual(['/logout/']);
  });

  it('takes times given as text as numbers', async () => {
    const session = start({ warnAfter: '5' as never, expireAfter: '10' as never });
    await advance(5);
    expect(session.state).toBe('warning');
    await advance(5);
    expect(session.state).toBe('expired');
  });

  it.each([
    ['a negative warnAfter', { warnAfter: -5 }, /"warnAfter" must be a positive number of seconds, got -5; using 9$/],
    ['a warnAfter of 0', { warnAfter: 0 }, /"warnAfter" must be a positive number of seconds, got 0; using 9$/],
    [
      'an infinite warnAfter',
      { warnAfter: Infinity },
      /"warnAfter" must be a positive number of seconds, got Infinity; using 9$/,
    ],
    [
      'a warnAfter not before expireAfter',
      { warnAfter: 10 },
      /"warnAfter" must be less than expireAfter \(10\), got 10; using 9$/,
    ],
    [
      'a warnAfter that is no number',
      { warnAfter: 'soon' },
      /"warnAfter" must be a positive number of seconds, got "soon"; using 9$/,
    ],
  ])(
    'logs %s once, naming it and the value, then warns by default 9/10 into the session and ends it on time',
    async (_, options, message) => {
      const logged = error();
      const session = start(options as never);
      expect(logged.mock.calls).toEqual([[expect.stringMatching(message)]]);
      await advance(8.9);
      expect(session.state).toBe('active');
      await advance(0.1);
      expect(session.state).toBe('warning');
      await advance(1);
      expect(session.state).toBe('expired');
    },
  );

  it('logs an expireAfter that is no number and ends the session after the default 600 s', async () => {
    const logged = error();
    const session = start({ expireAfter: 'ten' as never });
    expect(logged.mock.calls).toEqual([
      [expect.stringMatching(/"expireAfter" must be a positive number of seconds, got "ten"; using 600$/)],
    ]);
    await advance(599.9);
    expect(session.state).toBe('warning');
    await advance(0.1);
    expect(session.state).toBe('expired');
  });

  it.each([undefined, null, 'options'])('refuses options that are no object: %o', (given) => {
    expect(() => new YourlabsSessionSecurity(given as never, memoryBrowser().tab().platform)).toThrow(
      `session-security: option "options" must be an object, got ${given === 'options' ? '"options"' : given}`,
    );
  });

  it('leaves the ES class as strict as ever', () => {
    expect(() => new SessionSecurity({ pingUrl: '/session_security/ping/', returnToUrl: /logout/ as never })).toThrow(
      /"returnToUrl" must be of type string/,
    );
    expect(() => new SessionSecurity({ pingUrl: '/session_security/ping/', warnAfter: '5' as never })).toThrow(
      /"warnAfter" must be of type number/,
    );
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

  it('a hideWarning of its own still gets the page back from the modal: nothing left inert', async () => {
    const session = start({ hideWarning: () => {} });
    await advance(5);
    session.activity();
    await advance(0);
    expect(document.querySelector('[inert]')).toBeNull();
    expect(warning().getAttribute('role')).toBe('dialog');
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
    await advance(1.5);
    expect(navigations).toEqual(['']);
  });
});
