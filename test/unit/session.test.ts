import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type CoreOptions } from '../../src/core';
import { SessionSecurity as FullSessionSecurity, type SessionSecurityOptions } from '../../src/session-security';
import { browserPlatform } from '../../src/platform';
import type { WarningView } from '../../src/types';
import { djangoLike } from './support/django-like';
import { countListeners } from './support/listeners';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

type Logged = { type: string; detail: any; at: number };

function start(options: Partial<CoreOptions> = {}, browser = memoryBrowser(), tab = browser.tab()) {
  return watch(
    new SessionSecurity(
      { pingUrl: '/ping', warnAfter: 10, expireAfter: 20, trustedEventsOnly: false, ...options },
      tab.platform,
    ),
    browser,
    tab,
  );
}

/** Starts the full SDK, whose HTTP options configure the ping; its warning is a view that shows nothing. */
function startFull(options: Partial<SessionSecurityOptions>, browser = memoryBrowser(), tab = browser.tab()) {
  const view = { show() {}, update() {}, hide() {} };
  return watch(
    new FullSessionSecurity({ pingUrl: '/ping', warnAfter: 10, expireAfter: 20, view, ...options }, tab.platform),
    browser,
    tab,
  );
}

function watch(
  session: SessionSecurity,
  browser: ReturnType<typeof memoryBrowser>,
  tab: ReturnType<typeof browser.tab>,
) {
  const t0 = Date.now();
  const log: Logged[] = [];
  for (const type of ['warn', 'resume', 'activity', 'ping', 'error', 'expire'])
    session.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail, at: Date.now() - t0 }));
  const first = (type: string) => log.find((e) => e.type == type);
  return { session, log, first, navigations: tab.navigations, browser };
}

const covered = () => (document.body.lastElementChild as HTMLElement | null)?.style.zIndex == '2147483647';
const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
/** A few ms after `ms`: a ping goes out once its Web Lock is granted, in a later task. */
const soon = (ms: number) => expect.closeTo(ms + 5, -1);

describe('an idle user', () => {
  it('is warned at warnAfter and signed out at expireAfter', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const { session, first, navigations } = start();
    expect(session.state).toBe('active');
    await seconds(9.9);
    expect(session.state).toBe('active');
    await seconds(0.1);
    expect(session.state).toBe('warning');
    expect(first('warn')).toMatchObject({ at: 10_000, detail: { secondsLeft: 10 } });
    await seconds(9.9);
    expect(navigations).toEqual([]);
    await seconds(0.1);
    expect(session.state).toBe('expired');
    expect(first('expire')).toMatchObject({ detail: { reason: 'idle' } });
    // Sent at the edge, 90 ms before the idle time reaches a whole second (8.911 s, 18.911 s once
    // the lock is granted), rounded up: the server never gets a later stamp than ours.
    expect(server.pings.map((p) => [p.idleFor, p.at - server.pings[0].at])).toEqual([
      ['9', 0],
      ['19', 10_000],
    ]);
    expect(server.stamp).toBe(Date.now() - 20_000);
  });

  it('has the page covered at once, then leaves for returnToUrl, or reloads', async () => {
    network.use(djangoLike().handler);
    const a = start({ returnToUrl: '/login/' });
    await seconds(20);
    expect(covered()).toBe(true);
    await seconds(2);
    expect(a.navigations).toEqual(['/login/']);
    a.session.destroy();
    const b = start();
    await seconds(22);
    expect(b.navigations).toEqual(['']);
  });

  it('is told the remaining time every second while warned, from the clock', async () => {
    network.use(djangoLike().handler);
    const calls: string[] = [];
    const view: WarningView = {
      show: (s) => calls.push(`show ${s}`),
      update: (s) => calls.push(`${s}`),
      hide: () => calls.push('hide'),
    };
    const { session } = start({ view });
    await seconds(14);
    expect(calls).toEqual(['show 10', '9', '8', '7', '6']);
    expect(session.remainingSeconds).toBe(6);
    expect(session.idleSeconds).toBe(14);
  });

  it("expires on time when its timer fires a second late (a hidden tab's, throttled to whole seconds)", async () => {
    network.use(djangoLike().handler);
    const { session, first } = start();
    await seconds(19.5);
    vi.setSystemTime(Date.now() + 1500);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(session.state).toBe('expired');
    expect(first('expire')?.detail.reason).toBe('idle');
  });

  it('covers the page at once when the laptop wakes past the deadline, and ends once the news queued meanwhile has run', async () => {
    network.use(djangoLike().handler);
    const { session, first } = start();
    vi.setSystemTime(Date.now() + 3600_000);
    document.dispatchEvent(new Event('visibilitychange'));
    // Held back, the tab may judge on a stale record: what other tabs sent meanwhile runs first.
    expect([covered(), first('expire')]).toEqual([true, undefined]);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.state).toBe('expired');
    expect(first('expire')?.detail.reason).toBe('idle');
  });

  it.each([
    ['pageshow', window],
    ['focus', window],
    ['visibilitychange', document],
  ] as const)('is looked at again when the page is back (%s), before any timer fires', async (type, target) => {
    network.use(djangoLike().handler);
    const { first } = start();
    vi.setSystemTime(Date.now() + 3600_000);
    target.dispatchEvent(new Event(type));
    expect(covered()).toBe(true);
    // A millisecond, for the news queued while it was held back: its own timers are long overdue.
    await vi.advanceTimersByTimeAsync(1);
    expect(first('expire')?.detail.reason).toBe('idle');
  });

  it('has its warning hidden by destroy() only when one shows', async () => {
    network.use(djangoLike().handler);
    const calls: string[] = [];
    const view: WarningView = { show: () => calls.push('show'), update: () => {}, hide: () => calls.push('hide') };
    start({ view }).session.destroy();
    expect(calls).toEqual([]);
    const warned = start({ view });
    await seconds(10);
    warned.session.destroy();
    warned.session.destroy();
    expect(calls).toEqual(['show', 'hide']);
  });

  it('is not revived by the first event after waking past the deadline', async () => {
    network.use(djangoLike().handler);
    const { session, first } = start();
    vi.setSystemTime(Date.now() + 25_000);
    session.activity();
    expect(first('activity')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(session.state).toBe('expired');
  });

  it('a clock moved back does not give more time', async () => {
    network.use(djangoLike().handler);
    const tab = memoryBrowser().tab();
    // The browser's clock: never slower than the monotonic one between two readings.
    tab.platform.now = browserPlatform().now;
    const { session, first } = start({}, undefined, tab);
    await seconds(5);
    vi.setSystemTime(Date.now() - 3600_000);
    await seconds(14.9);
    expect(session.state).toBe('warning');
    await seconds(0.1);
    expect(session.state).toBe('expired');
    expect(first('expire')?.at).toBe(20_000 - 3600_000);
  });
});

describe('an active user', () => {
  it('is never warned while active, and the server hears of it before its stamp is warnAfter old', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const { session, first } = start();
    for (let i = 0; i < 60; i++) {
      await seconds(1);
      session.activity();
    }
    expect(first('warn')).toBeUndefined();
    expect(server.stamp).toBeDefined();
    expect(server.pings.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < server.pings.length; i++)
      expect(server.pings[i].at - server.pings[i - 1].at).toBeLessThan(10_000);
  });

  it('dismisses the warning once the server has the activity (one round trip), reported at once', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const calls: string[] = [];
    const view: WarningView = { show: () => calls.push('show'), update: () => {}, hide: () => calls.push('hide') };
    const { session, first, log } = start({ view });
    await seconds(12);
    const pressed = Date.now();
    session.activity();
    // The countdown shows only time the server grants: the warning stays until it answers.
    expect(session.state).toBe('warning');
    expect(calls).toEqual(['show']);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.pings.map((p) => [p.idleFor, p.at - pressed])).toEqual([
      ['9', -3089],
      ['0', 0],
    ]);
    expect(session.state).toBe('active');
    expect(calls).toEqual(['show', 'hide']);
    expect(first('resume')?.at).toBe(12_000);
    // Its answer (0) dates the server's stamp at 11 s at the earliest; the ping before the warning
    // (idle 7.91 s, answered 7) at 11.911 s: the warning comes 9.911 s after the activity, 89 ms
    // before activity + warnAfter. (No second ping before it: the first asked a moment ago.)
    await seconds(9.9);
    expect(session.state).toBe('active');
    await vi.advanceTimersByTimeAsync(10);
    expect(session.state).toBe('warning');
    expect(server.pings.map((p) => p.idleFor)).toEqual(['9', '0', '8']);
    expect(log.filter((e) => e.type == 'warn').map((e) => e.at)).toEqual([10_000, 21_911]);
  });

  it('counts DOM events, only trusted ones by default', async () => {
    network.use(djangoLike().handler);
    const strict = start({ trustedEventsOnly: true });
    await seconds(2);
    document.dispatchEvent(new Event('keydown'));
    expect(strict.first('activity')).toBeUndefined();
    strict.session.destroy();
    const lax = start({ events: ['keyup'] });
    await seconds(2);
    document.body.dispatchEvent(new Event('keyup'));
    expect(lax.first('activity')?.at).toBe(2000);
  });

  it('is not even listened to for the rest of the second after recorded activity', async () => {
    network.use(djangoLike().handler);
    const remove = vi.spyOn(document, 'removeEventListener');
    const add = vi.spyOn(document, 'addEventListener');
    start({ events: ['mousemove', 'wheel'] });
    await seconds(1);
    document.dispatchEvent(new Event('mousemove'));
    expect(remove.mock.calls.map((c) => c[0])).toEqual(['mousemove', 'wheel']);
    add.mockClear();
    await vi.advanceTimersByTimeAsync(999);
    expect(add).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(add.mock.calls.map((c) => c[0])).toEqual(['mousemove', 'wheel']);
    vi.restoreAllMocks();
  });

  it('records at most one activity a second', async () => {
    network.use(djangoLike().handler);
    const { log } = start({ events: ['mousemove'] });
    await seconds(1);
    for (let i = 0; i < 100; i++) {
      document.dispatchEvent(new Event('mousemove'));
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(log.filter((e) => e.type == 'activity').length).toBe(2);
  });

  it('dismisses a two-second warning that came within the second of recorded activity, once the server has it', async () => {
    network.use(djangoLike().handler);
    const { session } = start({ warnAfter: 2, expireAfter: 5 });
    await seconds(1);
    // Within a second of the page load: django-session-security's whole seconds cannot tell them
    // apart, so nothing is reported and the warning comes 2 s after the load.
    session.activity();
    await seconds(1.1);
    expect(session.state).toBe('warning');
    session.activity();
    // Reported at once (idle 0): the answer dates the server's stamp a second early at most, and
    // the warning, 2 s from there, is gone. One round trip, and the Web Lock.
    await seconds(0.05);
    expect(session.state).toBe('active');
    expect(session.remainingSeconds).toBe(4);
  });

  it('is kept signed in when the server saw newer activity (another device, a page load), never past its deadline there', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const { session, first } = start();
    await seconds(5);
    server.stamp = Date.now();
    await seconds(8.5);
    expect(first('warn')).toBeUndefined();
    // The answer (3 s idle, rounded down, to the ping sent at 8.911 s) dates that activity at the
    // earliest moment it allows, 4.911 s: the warning and the end come up to a second early
    // (89 ms here), never late.
    expect(session.idleSeconds).toBe(8);
    await seconds(1.41);
    expect(first('warn')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(first('warn')).toMatchObject({ at: 14_911, detail: { secondsLeft: 10 } });
    await seconds(10);
    expect(first('expire')?.at).toBe(24_911);
    expect(server.stamp + 20_000 - Date.now()).toBe(89);
  });
});

describe('a user who comes back late in the warning', () => {
  it('is reported to the server at once, so "Stay signed in" a second before its deadline keeps the session', async () => {
    const { server, handler } = djangoLike({ expireAfter: 10 });
    network.use(handler);
    const { session, log } = start({ warnAfter: 5, expireAfter: 10 });
    await seconds(9);
    const pressed = Date.now();
    session.activity();
    expect(session.state).toBe('warning');
    await seconds(0.05);
    // At once, as soon as the turn to ping is free: the final ping (8.911 s) holds it 100 ms.
    expect(server.pings.at(-1)).toMatchObject({ idleFor: '1', at: pressed + 12 });
    expect(server.stamp).toBe(pressed + 12 - 1000);
    expect(session.state).toBe('active');
    // Its answer (1) dates the server's stamp at 7.012 s at the earliest, and the ping before the
    // warning (idle 2.91 s, answered 2) at 7.911 s: warned 3.911 s after the press, 1.089 s before
    // activity + warnAfter, and ended as early, while the server still has the session.
    await seconds(3.86);
    expect(session.state).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    expect(session.state).toBe('warning');
    expect(log.filter((e) => e.type == 'warn').map((e) => e.at)).toEqual([5000, 12_911]);
    await seconds(5);
    expect(log.find((e) => e.type == 'expire')?.at).toBe(17_911);
    expect(server.stamp! + 10_000).toBeGreaterThan(Date.now());
  });

  it('is reported at once, abandoning a slow ping in flight, while the server still has the session', async () => {
    // The server stamped the page load 500 ms after the request was sent: its session ends at
    // 10 s, the browser's deadline (from the request) at 9.5 s. The final ping leaves at 8.411 s
    // and would be answered 1.2 s later, after that deadline; the report, in 100 ms.
    const { server, handler } = djangoLike({
      expireAfter: 10,
      answerAfter: (idleFor) => (idleFor == '9' ? 1200 : 100),
    });
    network.use(handler);
    const tab = memoryBrowser().tab();
    tab.platform.origin -= 500;
    const t0 = Date.now();
    const { session, navigations, first, log } = start({ warnAfter: 5, expireAfter: 10 }, undefined, tab);
    await seconds(9.2);
    expect(server.pings.map((p) => p.idleFor)).toEqual(['4', '9']);
    session.activity();
    await seconds(0.01);
    // That ping reports no activity since the warning: abandoned, without an error (the server
    // had it, and merged nothing older than its stamp), the report sent at once and merged.
    expect(server.pings.map((p) => [p.idleFor, p.at - t0])).toEqual([
      ['4', 3411],
      ['9', 8411],
      ['0', 9200],
    ]);
    expect(server.stamp! - t0).toBe(9200);
    expect(first('error')).toBeUndefined();
    await seconds(0.1);
    expect(session.state).toBe('active');
    // Answered: the abandoned ping never is.
    expect(log.filter((e) => e.type == 'ping').map((e) => e.detail)).toEqual([
      { idleFor: 4, answer: 3 },
      { idleFor: 0, answer: 0 },
    ]);
    await seconds(1.3);
    expect(first('expire')).toBeUndefined();
    expect(navigations).toEqual([]);
  });

  it('is reported at once though every answer is slow, abandoning the ping in flight, and kept', async () => {
    // It merges each ping at once and answers 800 ms later.
    const { server, handler } = djangoLike({ expireAfter: 8, answerAfter: 800 });
    network.use(handler);
    const { session, navigations, log } = start({ warnAfter: 3, expireAfter: 8 });
    const t0 = Date.now();
    await seconds(7.3);
    expect(server.pings.map((p) => p.idleFor)).toEqual(['2', '7']);
    session.activity();
    await seconds(0.01);
    // The final ping (6.911 s) would be answered at 7.711 s: abandoned, without an error, and the
    // report sent at once, merged at the key, never later.
    expect(server.pings.map((p) => [p.idleFor, p.at - t0])).toEqual([
      ['2', 1911],
      ['7', 6911],
      ['0', 7300],
    ]);
    expect(server.stamp! - t0).toBe(7300);
    await seconds(0.8);
    expect(session.state).toBe('active');
    expect(log.filter((e) => e.type == 'ping').map((e) => [e.at, e.detail])).toEqual([
      [2711, { idleFor: 2, answer: 1 }],
      [8100, { idleFor: 0, answer: 0 }],
    ]);
    expect(log.filter((e) => e.type == 'error')).toEqual([]);
    // That answer dates the server's stamp a second before the report at the earliest: the
    // warning comes back at 9.3 s, a second before the key plus warnAfter, and the end at
    // 15.211 s (the final ping's answer, idle 6 s at 14.011 s), 89 ms before the server's.
    await seconds(7.1);
    expect(navigations).toEqual([]);
    await seconds(0.01);
    expect(log.filter((e) => e.type != 'ping').map((e) => [e.type, e.at])).toEqual([
      ['warn', 3000],
      ['activity', 7300],
      ['resume', 8100],
      ['warn', 9300],
      ['expire', 15_211],
    ]);
    expect(server.stamp! + 8000 - (t0 + 15_211)).toBe(89);
  });
});

describe('what counts as activity', () => {
  it('is never a page scrolling itself: a log view scrolled by a timer lets the session end', async () => {
    network.use(djangoLike().handler);
    const box = document.body.appendChild(document.createElement('div'));
    const { session, first } = start();
    for (let i = 0; i < 40; i++) {
      box.dispatchEvent(new Event('scroll'));
      document.dispatchEvent(new Event('scroll'));
      await seconds(0.5);
    }
    expect(first('activity')).toBeUndefined();
    expect(first('warn')?.at).toBe(10_000);
    expect(session.state).toBe('expired');
  });

  it.each(['scroll', 'focus', 'mouseover', 'keypresss'])(
    'refuses %s as an activity event, naming the option',
    (type) => {
      expect(() => start({ events: ['keydown', type] })).toThrow(
        new RangeError(`session-security: option "events" must be an input event a person makes, got "${type}"`),
      );
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  describe('in a same-origin frame (a rich-text editor)', () => {
    const frame = () => document.body.appendChild(document.createElement('iframe'));
    const type = (target: HTMLIFrameElement) =>
      target.contentDocument!.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));

    it('counts typing in a frame present at start, and in one added later', async () => {
      network.use(djangoLike().handler);
      const early = frame();
      const { log, session } = start({ events: ['keydown'] });
      const late = frame();
      for (let i = 0; i < 30; i++) {
        await seconds(1);
        type(i % 2 ? early : late);
      }
      expect(log.filter((e) => e.type == 'activity')).toHaveLength(30);
      expect(session.state).toBe('active');
    });

    it('leaves a frame running a session of its own to that session: its typing is not counted twice', async () => {
      network.use(djangoLike().handler);
      const inner = frame();
      const own = new SessionSecurity({ pingUrl: '/ping', trustedEventsOnly: false }, memoryBrowser().tab().platform);
      (inner.contentWindow as unknown as Record<string, unknown>)['session-security:/ping'] = true;
      const { first } = start({ events: ['keydown'] });
      await seconds(1);
      type(inner);
      expect(first('activity')).toBeUndefined();
      own.destroy();
    });

    it('stops listening to the page itself on destroy(), after frames came and went', async () => {
      network.use(djangoLike().handler);
      const listening = countListeners(document);
      const { session, log } = start({ events: ['keydown'] });
      frame().remove();
      frame();
      await seconds(0.1);
      document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
      await seconds(1.5);
      session.destroy();
      vi.restoreAllMocks();
      expect(log.filter((e) => e.type == 'activity')).toHaveLength(1);
      expect(listening.get('keydown')).toBe(0);
    });

    it('marks its own window while it runs, for a page that frames it', () => {
      network.use(djangoLike().handler);
      const marks = window as unknown as Record<string, unknown>;
      const { session } = start();
      expect(marks['session-security:/ping']).toBe(true);
      session.destroy();
      expect(marks['session-security:/ping']).toBeUndefined();
    });

    it('stops listening to the frames on destroy()', async () => {
      network.use(djangoLike().handler);
      const inner = frame();
      const removed: string[] = [];
      const remove = inner.contentDocument!.removeEventListener.bind(inner.contentDocument);
      vi.spyOn(inner.contentDocument!, 'removeEventListener').mockImplementation(
        (t, l, o) => (removed.push(`${t} ${typeof o == 'object' ? o.capture : o}`), remove(t, l, o)),
      );
      const { session, first } = start({ events: ['keydown'] });
      session.destroy();
      // Removed as they were added: captured.
      expect(removed.sort()).toEqual(['keydown true', 'load true']);
      type(inner);
      expect(first('activity')).toBeUndefined();
    });
  });
});

describe('the ping contract', () => {
  it.each([1, 5, 40])(
    'asks once at each point when the server dated the page load %i ms after its navigation',
    async (latency) => {
      // The server counts the page's request when it handles it, a little after the navigation
      // began: its idle time is that much shorter, and its answer, rounded down, may date the
      // activity that much later than the browser did.
      const { server, handler } = djangoLike({ expireAfter: 20, answerAfter: 10 });
      network.use(handler);
      server.stamp = Date.now() + latency;
      // A real clock moves between two readings, even within a task: a microsecond a reading.
      const browser = memoryBrowser();
      const tab = browser.tab();
      let readings = 0;
      const now = tab.platform.now;
      tab.platform.now = () => now() + ++readings / 1000;
      start({}, browser, tab);
      await seconds(9.5);
      await seconds(10);
      expect(server.pings.map(({ idleFor }) => idleFor)).toEqual(['9', '19']);
    },
  );

  it.each([
    ['the engine alone', start],
    ['the full SDK, its HTTP options left alone', startFull],
  ])('is a GET with idleFor, the XMLHttpRequest header, no caching, same-origin credentials: %s', async (_, begin) => {
    let request!: Request;
    network.use(http.get('*/session_security/ping/', ({ request: r }) => ((request = r), HttpResponse.json(9))));
    begin({ pingUrl: '/session_security/ping/' });
    await seconds(9.1);
    // Sent at 8.911 s, 90 ms before the idle time reaches 9 s, rounded up.
    expect(new URL(request.url).search).toBe('?idleFor=9');
    expect(request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(request.cache).toBe('no-store');
    expect(request.credentials).toBe('same-origin');
  });

  it('resolves a relative pingUrl as the browser resolves links: against the <base> of the page', async () => {
    const paths: string[] = [];
    network.use(http.get('*/ping', ({ request }) => (paths.push(new URL(request.url).pathname), HttpResponse.json(0))));
    const base = Object.assign(document.createElement('base'), { href: '/app/' });
    document.head.append(base);
    start({ pingUrl: 'ping' });
    await seconds(9.1);
    base.remove();
    expect(paths).toEqual(['/app/ping']);
  });

  it('can be a POST with the CSRF token from the cookie, or from a meta tag', async () => {
    const seen: { token: string | null; body: string }[] = [];
    network.use(
      http.post(
        '*/ping',
        async ({ request }) => (
          seen.push({ token: request.headers.get('X-CSRF-TOKEN'), body: await request.text() }),
          HttpResponse.json(0)
        ),
      ),
    );
    const meta = Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'from-meta' });
    document.head.append(meta);
    const a = startFull({
      pingMethod: 'POST',
      csrfHeader: 'X-CSRF-TOKEN',
      idleParam: 'idle',
      headers: { 'X-App': '1' },
    });
    await seconds(9.1);
    a.session.destroy();
    document.cookie = 'csrftoken=from%20cookie';
    const b = startFull({ pingMethod: 'POST', csrfHeader: 'X-CSRF-TOKEN' });
    await seconds(9.1);
    b.session.destroy();
    document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    meta.remove();
    expect(seen).toEqual([
      { token: 'from-meta', body: 'idle=9' },
      { token: 'from cookie', body: 'idleFor=9' },
    ]);
  });

  it('sends the CSRF token with a POST only, and no header when there is none', async () => {
    const tokens: (string | null)[] = [];
    const handler = ({ request }: { request: Request }) => (
      tokens.push(request.headers.get('X-CSRFToken')),
      HttpResponse.json(0)
    );
    network.use(http.get('*/ping', handler), http.post('*/ping', handler));
    document.cookie = 'csrftoken=secret';
    const get = startFull({});
    await seconds(9.1);
    get.session.destroy();
    document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const post = startFull({ pingMethod: 'POST' });
    await seconds(9.1);
    post.session.destroy();
    expect(tokens).toEqual([null, null]);
  });

  it.each([
    ['Infinity', Infinity],
    ['a negative number', -1],
    ['a number as text', '5'],
    ['null', null],
  ])('reads %s as unreadable: a parse error, never an extension', async (_, answer) => {
    const { first, session } = start({ pingUrl: undefined, ping: async () => answer as never });
    await seconds(9.1);
    expect(first('error')?.detail).toEqual({ reason: 'parse', error: answer });
    expect(first('ping')).toBeUndefined();
    await seconds(11);
    expect(session.state).toBe('expired');
  });

  it("reports the custom parser's own error", async () => {
    network.use(http.get('*/ping', () => HttpResponse.json(0)));
    const broken = new Error('unexpected shape');
    const { first } = startFull({
      parseResponse: () => {
        throw broken;
      },
    });
    await seconds(9.1);
    expect(first('error')?.detail).toEqual({ reason: 'parse', error: broken });
  });

  it('reads answers with a custom parser', async () => {
    network.use(http.get('*/ping', () => HttpResponse.json({ idle: 0 })));
    const { first } = startFull({ parseResponse: async (r) => (await r.json()).idle });
    await seconds(9.1);
    expect(first('ping')?.detail).toEqual({ idleFor: 9, answer: 0 });
  });

  it('can be any function, for any backend', async () => {
    const ping = vi.fn(async (idleFor: number) => (idleFor >= 19 ? ('logout' as const) : 0));
    const { first, session } = start({ pingUrl: undefined, ping });
    await seconds(9.1);
    expect(ping).toHaveBeenLastCalledWith(9, expect.any(AbortSignal));
    expect(first('ping')?.detail).toEqual({ idleFor: 9, answer: 0 });
    expect(session.state).toBe('active');
  });

  it.each([
    ['"logout"', () => HttpResponse.json('logout')],
    ['401', () => new HttpResponse(null, { status: 401 })],
    ['403', () => new HttpResponse(null, { status: 403 })],
    ['419', () => new HttpResponse(null, { status: 419 })],
  ])('ends the session at once when the server answers %s, and leaves the page at once', async (_, answer) => {
    network.use(http.get('*/ping', answer));
    const { session, first, navigations } = start({ returnToUrl: '/login/' });
    await seconds(9.1);
    expect(session.state).toBe('expired');
    // Answered to the ping at the edge before the warning, 8.91 s.
    expect(first('expire')).toMatchObject({ at: soon(8910), detail: { reason: 'server' } });
    // The server ended it: no second of its clock to wait for.
    await seconds(0);
    expect(navigations).toEqual(['/login/']);
  });

  it.each([
    ['network', { reason: 'network' }, () => HttpResponse.error()],
    ['http', { reason: 'http', status: 503 }, () => new HttpResponse('down', { status: 503 })],
    ['parse', { reason: 'parse' }, () => new HttpResponse('<html>login</html>', { status: 200 })],
    ['parse', { reason: 'parse' }, () => HttpResponse.json(-5)],
    ['parse', { reason: 'parse' }, () => HttpResponse.json('soon')],
    ['timeout', { reason: 'timeout' }, () => new Promise<Response>(() => {})],
  ])('reports a %s error and still warns and expires on time', async (_, detail, answer) => {
    network.use(http.get('*/ping', answer));
    const { first, session } = start({ pingTimeout: 0.5 });
    await seconds(9.6);
    expect(first('error')?.detail).toMatchObject(detail);
    await seconds(0.4);
    expect(first('warn')?.at).toBe(10_000);
    await seconds(10);
    expect(first('expire')?.at).toBe(20_000);
    expect(session.state).toBe('expired');
  });

  it('expires at most a second after the deadline while the final ping hangs', async () => {
    let calls = 0;
    network.use(http.get('*/ping', () => (++calls == 1 ? HttpResponse.json(9) : new Promise<Response>(() => {}))));
    const { first } = start();
    await seconds(22);
    expect(first('error')).toMatchObject({ at: 21_000, detail: { reason: 'timeout' } });
    expect(first('expire')?.at).toBe(21_000);
  });

  it('covers the page at the deadline while the final ping is unanswered, and ends when its answer comes', async () => {
    // The server merges the final ping (18.911 s) at once and answers it 1.5 s later: past the deadline.
    const { handler } = djangoLike({ answerAfter: (idleFor) => (idleFor == '19' ? 1500 : 0) });
    network.use(handler);
    const { first } = start();
    await seconds(19.99);
    expect(covered()).toBe(false);
    await seconds(0.01);
    // The countdown reached zero: nothing stays readable while the answer may still keep the session.
    expect(covered()).toBe(true);
    expect(first('expire')).toBeUndefined();
    await seconds(0.5);
    expect(first('expire')).toMatchObject({ at: 20_411, detail: { reason: 'idle' } });
    expect(covered()).toBe(true);
  });

  it('uncovers the page when the late answer shows activity the server saw elsewhere, and the session lives', async () => {
    const { server, handler } = djangoLike({ answerAfter: (idleFor) => (idleFor == '19' ? 1500 : 0) });
    network.use(handler);
    const { session, first, log, navigations } = start();
    await seconds(18);
    // Another device of the same session, unknown to this browser until the final ping's answer.
    server.stamp = Date.now();
    await seconds(2);
    expect(covered()).toBe(true);
    await seconds(0.5);
    // Answered 0 idle seconds at 20.411 s: the server's stamp is 17.911 s at the earliest.
    expect(covered()).toBe(false);
    expect(session.state).toBe('active');
    expect(log.filter((e) => e.type == 'resume').map((e) => e.at)).toEqual([20_411]);
    await seconds(7.5);
    expect(log.filter((e) => e.type == 'warn').map((e) => e.at)).toEqual([10_000, 27_911]);
    expect([first('expire'), navigations]).toEqual([undefined, []]);
  });

  it('asks the server uncovered when it starts past the deadline (a sign-in without reload)', async () => {
    let answer!: (response: Response) => void;
    network.use(http.get('*/ping', () => new Promise<Response>((resolve) => (answer = resolve))));
    const tab = memoryBrowser().tab();
    tab.platform.origin -= 60_000;
    const { session } = start({}, undefined, tab);
    await seconds(0.1);
    expect(answer).toBeDefined();
    expect(covered()).toBe(false);
    answer(HttpResponse.json(0));
    await seconds(0.1);
    expect([session.state, covered()]).toEqual(['active', false]);
  });

  it('asks for one turn to ping at a time: after a hung ping, the next point is sent in the same turn', async () => {
    let calls = 0;
    network.use(http.get('*/ping', () => (calls++, new Promise<Response>(() => {}))));
    const tab = memoryBrowser().tab();
    const { request } = tab.platform.locks!;
    let turns = 0;
    tab.platform.locks = { request: (...args) => (turns++, request(...args)) };
    const { session } = start({}, undefined, tab);
    // A page rendering from the state reads it often: each read looks at the clock.
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      await seconds(0.5);
      seen.add(session.state);
    }
    expect([turns, calls]).toEqual([1, 2]);
    expect([...seen]).toEqual(['active', 'warning', 'expired']);
  });

  it('a hung network: a warning abandons one ping however much the mouse moves, and ends on time', async () => {
    const sent: [string | null, number][] = [];
    const t0 = Date.now();
    network.use(
      http.get('*/ping', ({ request }) => {
        sent.push([new URL(request.url).searchParams.get('idleFor'), Date.now() - t0]);
        return new Promise<Response>(() => {});
      }),
    );
    const { session, first, log } = start({ pingTimeout: 60 });
    // Warned at 10 s: the ping before it (8.911 s) is still in flight. The user is active every
    // 50 ms for 5 s (the mouse moving): the first move abandons that ping and reports; the report carries activity
    // since the warning began, so nothing more is abandoned, and nothing answers.
    await seconds(10.5);
    for (let i = 0; i < 100; i++) {
      session.activity();
      await seconds(0.05);
    }
    expect(sent).toEqual([
      ['9', 8911],
      ['0', 10_500],
    ]);
    // The report times out a second after the deadline the server granted (the grace of a
    // report in flight), and the session ends then.
    await seconds(20);
    expect(sent).toHaveLength(2);
    expect(log.filter((e) => e.type == 'error').map((e) => [e.at, e.detail])).toEqual([
      [21_000, { reason: 'timeout', error: expect.anything() }],
    ]);
    expect(first('expire')?.at).toBe(21_000);
  });

  it('expires on time when a ping function ignores the abort and never answers', async () => {
    const { first, session } = start({ pingUrl: undefined, ping: () => new Promise<never>(() => {}) });
    await seconds(21);
    // The ping at 8.91 s times out 10 s later; the final one, sent then, when the grace second ends.
    expect(first('error')).toMatchObject({ at: soon(18_910), detail: { reason: 'timeout' } });
    expect(first('expire')?.at).toBe(21_000);
    expect(session.state).toBe('expired');
  });
});

describe('the end of the session', () => {
  it('can be delayed by the page to save a draft, at most 2 seconds', async () => {
    network.use(djangoLike().handler);
    const { session, navigations } = start();
    let saved!: () => void;
    session.addEventListener('expire', (e) => e.detail.waitUntil(new Promise<void>((r) => (saved = r))));
    await seconds(20.5);
    saved();
    // Saved in half a second: the page still waits for the server's clock, 1.5 s in all.
    await seconds(0.9);
    expect(navigations).toEqual([]);
    await seconds(0.1);
    expect(navigations).toEqual(['']);
    network.use(djangoLike().handler);
    const slow = start();
    slow.session.addEventListener('expire', (e) => e.detail.waitUntil(new Promise(() => {})));
    await seconds(21.9);
    expect(slow.navigations).toEqual([]);
    await seconds(0.1);
    expect(slow.navigations).toEqual(['']);
  });

  it('is left to the page when it cancels the expire event', async () => {
    network.use(djangoLike().handler);
    const { session, navigations } = start();
    session.addEventListener('expire', (e) => e.preventDefault());
    await seconds(25);
    expect(session.state).toBe('expired');
    expect(covered()).toBe(false);
    expect(navigations).toEqual([]);
  });

  it('comes at once with logout(), which goes to logoutUrl', async () => {
    network.use(djangoLike().handler);
    const { session, first, navigations } = start({ logoutUrl: '/logout/', returnToUrl: '/login/' });
    session.logout();
    expect(session.state).toBe('expired');
    expect(first('expire')?.detail.reason).toBe('logout');
    await seconds(2);
    expect(navigations).toEqual(['/logout/']);
  });
});

describe('destroy()', () => {
  it('leaves no listener, timer or channel behind', async () => {
    network.use(djangoLike().handler);
    const listening = countListeners(document, window);
    const browser = memoryBrowser();
    const calls: string[] = [];
    const { session } = start(
      { logoutUrl: '/logout/', view: { show: () => calls.push('show'), update() {}, hide: () => calls.push('hide') } },
      browser,
    );
    await seconds(15);
    session.destroy();
    vi.restoreAllMocks();
    expect([...listening.values()].every((n) => n == 0)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect([...browser.channels.values()].every((peers) => peers.size == 0)).toBe(true);
    expect(calls).toEqual(['show', 'hide']);
    session.activity();
    await seconds(30);
    expect(session.state).toBe('warning');
  });
});

describe('after destroy()', () => {
  it('logout() ends nothing: not this page, nor the other tabs', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const gone = start({ logoutUrl: '/logout/' }, browser);
    const other = start({}, browser);
    await seconds(2);
    gone.session.destroy();
    gone.session.logout();
    await seconds(2);
    expect(gone.first('expire')).toBeUndefined();
    expect(gone.navigations).toEqual([]);
    expect(covered()).toBe(false);
    expect(other.session.state).toBe('active');
  });

  it('a ping in flight is abandoned: no error, no answer, no end follows', async () => {
    network.use(http.get('*/ping', () => new Promise<Response>(() => {})));
    const { session, log } = start();
    await seconds(9.5);
    session.destroy();
    await seconds(30);
    expect(log).toEqual([]);
  });

  it('an answer already on its way is not heard', async () => {
    const { session, log } = start({
      pingUrl: undefined,
      // The page destroys the session (a sign-out of its own) as the answer arrives.
      ping: async () => (queueMicrotask(() => session.destroy()), 'logout' as const),
    });
    await seconds(30);
    expect(log).toEqual([]);
    expect(session.state).toBe('active');
  });
});

describe('timers', () => {
  it('never ask for a delay above 2^31-1 ms', async () => {
    network.use(djangoLike({ expireAfter: 90 * 86400 }).handler);
    const tab = memoryBrowser().tab();
    const delays: number[] = [];
    const setTimeout = tab.platform.setTimeout;
    tab.platform.setTimeout = (fn, ms) => (delays.push(ms), setTimeout(fn, ms));
    start({ warnAfter: 60 * 86400, expireAfter: 90 * 86400 }, undefined, tab);
    await seconds(1);
    expect(Math.max(...delays)).toBeGreaterThan(2 ** 31 - 1);
    expect(vi.getTimerCount()).toBe(1);
  });
});
