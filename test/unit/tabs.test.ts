import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type CoreOptions } from '../../src/core';
import { joinTabs, SETTLE } from '../../src/tabs/tabs';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
/** Long enough for a message or a write to reach the other tabs (see memoryBrowser's `lag`). */
const delivered = () => vi.advanceTimersByTimeAsync(10);

/**
 * Opens `n` tabs of one browser on the same session. Of the last tabs, `late` have their timers
 * throttled by a minute, `deaf` hear no message of the others (lost, as to a frozen tab).
 */
function open(
  browser: ReturnType<typeof memoryBrowser>,
  n = 1,
  options: Partial<CoreOptions> = {},
  { late = 0, deaf = 0 } = {},
) {
  return Array.from({ length: n }, (_, i) => {
    const tab = browser.tab();
    if (i >= n - late) {
      const setTimeout = tab.platform.setTimeout;
      tab.platform.setTimeout = (fn, ms) => setTimeout(fn, ms + 60_000);
    }
    if (i >= n - deaf) tab.platform.connect = () => undefined;
    const session = new SessionSecurity({ pingUrl: '/ping', warnAfter: 10, expireAfter: 20, ...options }, tab.platform);
    const events: string[] = [];
    for (const type of ['warn', 'resume', 'expire', 'error']) session.addEventListener(type, () => events.push(type));
    return { session, events, navigations: tab.navigations };
  });
}

describe('tabs of one browser', () => {
  it('share activity: a tab never warns while the user is active in another', async () => {
    network.use(djangoLike().handler);
    const [a, b] = open(memoryBrowser(), 2);
    for (let i = 0; i < 30; i++) {
      await seconds(1);
      b.session.activity();
    }
    await delivered();
    expect(a.events).toEqual([]);
    expect(a.session.idleSeconds).toBe(0);
  });

  it('warn together, and activity in any tab hides the warning in every tab at once', async () => {
    network.use(djangoLike().handler);
    const tabs = open(memoryBrowser(), 3);
    await seconds(10);
    expect(tabs.map((t) => t.session.state)).toEqual(['warning', 'warning', 'warning']);
    tabs[2].session.activity();
    await delivered();
    expect(tabs.map((t) => t.session.state)).toEqual(['active', 'active', 'active']);
    expect(tabs.map((t) => t.events)).toEqual(Array(3).fill(['warn', 'resume']));
  });

  it('ping once per browser per reconciliation point: 5 tabs cost what 1 tab costs', async () => {
    const count = async (n: number) => {
      const { server, handler } = djangoLike();
      network.use(handler);
      const tabs = open(memoryBrowser(), n);
      await seconds(5);
      tabs[0].session.activity();
      await seconds(30);
      for (const t of tabs) t.session.destroy();
      return server.pings.length;
    };
    const one = await count(1);
    expect(one).toBeGreaterThanOrEqual(2);
    expect(await count(5)).toBe(one);
  });

  it('share the answer of the ping with every tab', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const tabs = open(memoryBrowser(), 3);
    await seconds(5);
    server.stamp = Date.now();
    await seconds(7.5);
    expect(server.pings.length).toBe(1);
    // Dated at the earliest moment the answer (3, to the ping at 8.911 s) allows (see the ping
    // contract): 4.911 s.
    expect(tabs.map((t) => t.session.idleSeconds)).toEqual([7, 7, 7]);
    expect(tabs.flatMap((t) => t.events)).toEqual([]);
  });

  it('expire together when one tab expires, each covering and leaving its page', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    // Two tabs' timers are a minute late (hidden, throttled): the one on time brings them along.
    const tabs = open(browser, 3, { returnToUrl: '/login/' }, { late: 2 });
    await seconds(20);
    await delivered();
    expect(tabs.map((t) => t.session.snapshot)).toEqual([
      { state: 'expired', reason: 'idle' },
      { state: 'expired', reason: 'tab' },
      { state: 'expired', reason: 'tab' },
    ]);
    await seconds(1.49);
    expect(tabs.map((t) => t.navigations)).toEqual([['/login/'], [], []]);
    // The throttled tabs are covered at once; they leave when their timers are let run.
    await seconds(60.1);
    expect(tabs.map((t) => t.navigations)).toEqual(Array(3).fill(['/login/']));
  });

  it('all log out when the page logs out in one of them', async () => {
    network.use(djangoLike().handler);
    const [a, b, c] = open(memoryBrowser(), 3, { logoutUrl: '/logout/', returnToUrl: '/login/' });
    await seconds(3);
    b.session.logout();
    await delivered();
    expect([a, b, c].map((t) => t.session.state)).toEqual(['expired', 'expired', 'expired']);
    await seconds(2);
    expect([a, b, c].map((t) => t.navigations)).toEqual([['/login/'], ['/logout/'], ['/login/']]);
  });

  it('a tab opened later joins the current state: its page load is activity for all, nothing more', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const browser = memoryBrowser();
    const [a] = open(browser);
    await seconds(12);
    expect(a.session.state).toBe('warning');
    const [b] = open(browser);
    await delivered();
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
    expect(a.session.idleSeconds).toBe(0);
    await seconds(9.5);
    expect(server.pings.length).toBe(2);
  });

  it('a tab that joins without storage hears back, once, what the others know', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser({ storage: false });
    const [a] = open(browser);
    await seconds(4);
    const acted = Date.now();
    a.session.activity();
    await seconds(1);
    // A slow page: its navigation began at 2 s, its script runs at 5 s. It knows its own load.
    const tab = browser.tab();
    tab.platform.origin -= 3000;
    const heard: string[] = [];
    const { connect } = tab.platform;
    tab.platform.connect = (name, receive) => connect(name, (data) => (heard.push(data as string), receive(data)));
    const b = new SessionSecurity({ pingUrl: '/ping', warnAfter: 10, expireAfter: 20 }, tab.platform);
    await delivered();
    await delivered();
    expect(heard.map((data) => (JSON.parse(data) as { activity: number }).activity)).toEqual([acted]);
    // Both warn together, from the activity in the first tab (less what the server's whole seconds
    // may take), not from the slow page's navigation.
    const warned = [a.session, b].map((session) => {
      const at: number[] = [];
      session.addEventListener('warn', () => at.push(Date.now()));
      return at;
    });
    await seconds(10);
    expect(warned[1]).toEqual(warned[0]);
    expect(warned[0][0]).toBeGreaterThanOrEqual(acted + 10_000 - 1100);
  });

  it('a tab that hears none of the others (its messages lost) reads storage before it warns or expires', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const [a] = open(browser, 1, {}, { deaf: 1 });
    const [b] = open(browser);
    for (let i = 0; i < 15; i++) {
      await seconds(1);
      b.session.activity();
    }
    await seconds(4.5);
    const [c] = open(browser);
    await seconds(1);
    expect([a, b, c].map((t) => t.session.state)).toEqual(['active', 'active', 'active']);
    expect(a.events).not.toContain('warn');
  });

  it('a tab opened after an expiry starts a new session', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const [a] = open(browser);
    await seconds(21);
    expect(a.session.state).toBe('expired');
    network.use(djangoLike().handler);
    const [b] = open(browser);
    await seconds(5);
    expect(b.session.state).toBe('active');
  });

  it('a tab that learns of the end late (frozen) ends its page, not the session signed in since', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const [a] = open(browser);
    const [late] = open(browser, 1, {}, { late: 1, deaf: 1 });
    await seconds(21);
    expect(a.session.state).toBe('expired');
    // Signed in again: a new page, and a user at work there.
    network.use(djangoLike().handler);
    const [b] = open(browser);
    for (let i = 0; i < 60; i++) {
      await seconds(1);
      b.session.activity();
    }
    expect(late.session.snapshot).toEqual({ state: 'expired', reason: 'tab' });
    expect(b.session.state).toBe('active');
  });

  it('keep pinging when the tab that was pinging closes or crashes', async () => {
    let pings = 0;
    network.use(djangoLike().handler);
    const [a, b] = open(memoryBrowser(), 2, {
      ping: async (_idle, signal) => (
        pings++,
        pings == 1
          ? new Promise<never>((_, no) => signal.addEventListener('abort', () => no(signal.reason as Error)))
          : 0
      ),
      pingUrl: undefined,
    });
    await seconds(9.1);
    expect(pings).toBe(1);
    // Whichever tab holds the ping in flight dies with it.
    a.session.destroy();
    b.session.destroy();
    const [c] = open(memoryBrowser(), 1, { ping: async () => (pings++, 0), pingUrl: undefined });
    await seconds(9.1);
    expect(pings).toBe(2);
    c.session.destroy();
  });

  it('another tab takes over the pings at the next point when the pinging tab is gone', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const browser = memoryBrowser();
    const [a, b] = open(browser, 2);
    await seconds(9.1);
    expect(server.pings.length).toBe(1);
    a.session.destroy();
    b.session.destroy();
    const [c] = open(browser);
    await seconds(9.1);
    expect(server.pings.length).toBe(2);
    expect(c.session.state).toBe('active');
  });

  it('ignore malformed or foreign messages and stored records: they never extend a session', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const ns = 'session-security:/ping';
    const record = (fields: object) => ({
      v: 3,
      activity: 0,
      server: 0,
      pinged: 0,
      answered: 0,
      expired: 0,
      ...fields,
    });
    browser.store.set(ns, JSON.stringify(record({ activity: 9e15 })));
    const [a] = open(browser);
    const forge = (record: unknown) => {
      for (const peer of browser.channels.get(ns)!) peer(record);
    };
    await seconds(5);
    forge(record({ activity: Date.now() + 3600_000 }));
    // Tabs of an older or newer deploy.
    forge(record({ v: 1, activity: Date.now() }));
    forge(record({ v: 2, activity: Date.now() }));
    forge(record({ activity: 'now' }));
    forge(record({ activity: NaN }));
    forge(record({ activity: -1 }));
    forge('{"v":3,');
    forge(null);
    forge({ v: 3, activity: Date.now() });
    await seconds(5);
    expect(a.session.state).toBe('warning');
    await seconds(10);
    expect(a.session.state).toBe('expired');
  });

  it('work alone, without errors, when storage throws', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const alone = memoryBrowser({ storage: false, channel: false });
    const [a, b] = open(alone, 2);
    await seconds(5);
    b.session.activity();
    await seconds(5);
    expect([a.session.state, b.session.state]).toEqual(['warning', 'active']);
    // Each tab pings for itself: a asks before its warning (8.91 s); b reports its activity once
    // a's turn is over (9.01 s, idle 4.01 s: 5, past the edge), then at the next edge (9.91 s) to
    // tighten the bound that answer left.
    expect(server.pings.map((p) => p.idleFor)).toEqual(['9', '5', '5']);
    const channelOnly = memoryBrowser({ storage: false });
    const [c, d] = open(channelOnly, 2);
    await seconds(5);
    d.session.activity();
    await seconds(5);
    expect([c.session.state, d.session.state]).toEqual(['active', 'active']);
    // Alone: no transport to close either.
    expect(() => [a, b, c, d].forEach((t) => t.session.destroy())).not.toThrow();
    expect([a, b, c, d].flatMap((t) => t.events)).not.toContain('error');
  });

  it.each([
    ['BroadcastChannel and storage', {}],
    ['storage events only', { channel: false }],
    ['BroadcastChannel only (storage throws)', { storage: false }],
  ])('without Web Locks (plain HTTP), still ping once per point, with %s', async (_, transports) => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const started = Date.now();
    const tabs = open(memoryBrowser({ locks: false, ...transports }), 3);
    // A claim waits 100 ms for its rivals: claimed 100 ms before the edge, a ping leaves at it
    // (8.91 s, 18.91 s).
    await seconds(19.5);
    expect(server.pings.map((p) => [p.idleFor, p.at - started])).toEqual([
      ['9', 8910],
      ['19', 18910],
    ]);
    tabs[1].session.activity();
    await seconds(0.5);
    // The user answers the warning: reported after the claim, at once (idle 0.105 s: 1).
    expect(server.pings.map((p) => p.idleFor)).toEqual(['9', '19', '1']);
    // Its answer (1) dates the server's stamp 1.895 s before the activity at the earliest: the
    // next report, at the next edge (idle 0.91 s), tightens it to 1.09 s; then the ping before the
    // warning it gives, and the final one. Each point once.
    await seconds(19.5);
    expect(server.pings.map((p) => [p.idleFor, p.at - started])).toEqual([
      ['9', 8910],
      ['19', 18910],
      ['1', 19605],
      ['1', 20410],
      ['8', 27410],
      ['18', 37410],
    ]);
  });

  it('report "Stay signed in" in one tab at once, while the others are idle', async () => {
    const { server, handler } = djangoLike({ expireAfter: 10 });
    network.use(handler);
    const [a, b] = open(memoryBrowser(), 2, { warnAfter: 5, expireAfter: 10 });
    await seconds(8.8);
    const pressed = Date.now();
    b.session.activity();
    // The warning stays until the server has the activity.
    expect([a.session.state, b.session.state]).toEqual(['warning', 'warning']);
    await delivered();
    expect(server.pings.map((p) => [p.idleFor, p.at - pressed])).toEqual([
      ['4', -4889],
      ['0', 0],
    ]);
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
    // The answer (0) dates the server's stamp a second before the press at the earliest, the ping
    // before the warning (idle 2.91 s, answered 2) 89 ms before it: both tabs warn 4.911 s after
    // the press. (No second ping before it: the first asked a moment ago.)
    await seconds(4.9);
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
    expect(server.stamp).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect([a.session.state, b.session.state]).toEqual(['warning', 'warning']);
    expect(server.pings.map((p) => p.idleFor)).toEqual(['4', '0', '3']);
  });

  it('report activity in one tab at once: the tab whose ping is in flight abandons it', async () => {
    // The server merges each ping at once and answers 800 ms later.
    const { server, handler } = djangoLike({ expireAfter: 8, answerAfter: 800 });
    network.use(handler);
    const [a, b] = open(memoryBrowser(), 2, { warnAfter: 3, expireAfter: 8 });
    const t0 = Date.now();
    const errors: unknown[] = [];
    for (const tab of [a, b]) tab.session.addEventListener('error', (event) => errors.push(event));
    await seconds(7.3);
    const pings = () => server.pings.map((p) => [p.idleFor, p.at - t0]);
    expect(pings()).toEqual([
      ['2', 1911],
      ['7', 6911],
    ]);
    b.session.activity();
    await seconds(0.05);
    // The final ping, in flight in one tab until 7.711 s, reports nothing since the warning
    // began: that tab hears of the key (5 ms) and reports it at once instead, without an error.
    expect(pings()).toEqual([
      ['2', 1911],
      ['7', 6911],
      ['1', 7305],
    ]);
    expect(errors).toEqual([]);
    // Merged (5 ms after the key, rounded up: a second before it), answered at 8.105 s: both
    // tabs' warnings hide.
    await seconds(0.8);
    expect(server.stamp! - t0).toBe(6305);
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
  });

  it('without Web Locks, keep nothing of a claim once it is over: a day of claims costs what one does', async () => {
    network.use(djangoLike().handler);
    const add = vi.spyOn(AbortSignal.prototype, 'addEventListener');
    const remove = vi.spyOn(AbortSignal.prototype, 'removeEventListener');
    const [a] = open(memoryBrowser({ locks: false }), 2);
    for (let i = 0; i < 20; i++) {
      await seconds(9);
      a.session.activity();
    }
    // The abort listeners each signal still holds: those of a pause or a ping in progress at most.
    const held = new Map<unknown, number>();
    for (const [spy, step] of [
      [add, 1],
      [remove, -1],
    ] as const)
      spy.mock.calls.forEach(([type], i) => {
        const target = spy.mock.contexts[i];
        if (type == 'abort') held.set(target, (held.get(target) ?? 0) + step);
      });
    add.mockRestore();
    remove.mockRestore();
    expect(Math.max(...held.values())).toBeLessThanOrEqual(2);
  });

  it('write at most about once a second, however much the mouse moves', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const [a] = open(browser, 3);
    const before = browser.writes;
    for (let i = 0; i < 500; i++) {
      a.session.activity();
      await vi.advanceTimersByTimeAsync(20);
    }
    // Ten seconds: ten activity records, and the ping's two (sent, answered).
    expect(browser.writes - before).toBeLessThanOrEqual(13);
  });

  it('of two apps on one origin do not mix: the namespace follows the ping URL', async () => {
    network.use(djangoLike().handler, djangoLike({ url: '*/other/ping' }).handler);
    const browser = memoryBrowser();
    const [a] = open(browser);
    const [b] = open(browser, 1, { pingUrl: '/other/ping' });
    for (let i = 0; i < 12; i++) {
      await seconds(1);
      b.session.activity();
    }
    expect([a.session.state, b.session.state]).toEqual(['warning', 'active']);
  });
});

describe('the turn to ping, among the tabs of one browser', () => {
  const join = (browser: ReturnType<typeof memoryBrowser>, namespace = 'ns') => {
    const now = Date.now();
    return joinTabs(
      namespace,
      browser.tab().platform,
      { activity: now, server: now, pinged: 0, answered: 0, expired: 0 },
      () => {},
    );
  };

  it('passes at once when there is nothing to send; after a ping, the next tab waits 100 ms for its news', async () => {
    const browser = memoryBrowser();
    const [a, b, c] = [join(browser), join(browser), join(browser)];
    const t0 = Date.now();
    const turns: [string, number][] = [];
    const turn = (name: string) => async () => void turns.push([name, Date.now() - t0]);
    void a.elect(() => false, turn('a'));
    void b.elect(() => !turns.length, turn('b'));
    void c.elect(() => turns.length < 2, turn('c'));
    await vi.advanceTimersByTimeAsync(200);
    // A lock is granted in a task of its own: a millisecond each, on the fake clock.
    expect(turns).toEqual([
      ['b', 1],
      ['c', 102],
    ]);
  });

  it("is each app's own, on an origin of two apps: a ping hanging in one never holds the other", async () => {
    const browser = memoryBrowser();
    const [a, b] = [join(browser, 'app'), join(browser, 'other-app')];
    const sent: string[] = [];
    void a.elect(
      () => !sent.length,
      () => (sent.push('app'), new Promise<void>(() => {})),
    );
    void b.elect(
      () => sent.length < 2,
      async () => void sent.push('other app'),
    );
    await delivered();
    expect(sent).toEqual(['app', 'other app']);
  });

  it("is never held by the page's own Web Lock of the namespace's name", async () => {
    const browser = memoryBrowser();
    const page = browser.tab().platform.locks!;
    void page.request('crm', { signal: new AbortController().signal }, () => new Promise<void>(() => {}));
    const sent: string[] = [];
    void join(browser, 'crm').elect(
      () => !sent.length,
      async () => void sent.push('ping'),
    );
    await delivered();
    expect(sent).toEqual(['ping']);
  });

  it('without Web Locks, counts the moment a tab claims as asked while its claim waits for rivals', async () => {
    const browser = memoryBrowser({ locks: false });
    const [a, b] = [join(browser), join(browser)];
    // Tabs that have listened as long as a claim takes to arrive: a tab just joined waits that long first.
    await vi.advanceTimersByTimeAsync(SETTLE);
    const point = Date.now();
    const sent: number[] = [];
    void a.elect(
      () => a.shared.pinged < point,
      async () => void sent.push(Date.now() - point),
    );
    await vi.advanceTimersByTimeAsync(50);
    b.refresh();
    expect(b.shared.pinged).toBeGreaterThanOrEqual(point);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([100]);
  });
});
