import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type CoreOptions } from '../../src/core';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

/** Opens `n` tabs of one browser on the same session; `late` tabs have their timers throttled by a minute. */
function open(browser: ReturnType<typeof memoryBrowser>, n = 1, options: Partial<CoreOptions> = {}, late = 0) {
  return Array.from({ length: n }, (_, i) => {
    const tab = browser.tab();
    if (i >= n - late) {
      const setTimeout = tab.platform.setTimeout;
      tab.platform.setTimeout = (fn, ms) => setTimeout(fn, ms + 60_000);
    }
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
    await vi.advanceTimersByTimeAsync(0);
    expect(a.events).toEqual([]);
    expect(a.session.idleSeconds).toBe(0);
  });

  it('warn together, and activity in any tab hides the warning in every tab at once', async () => {
    network.use(djangoLike().handler);
    const tabs = open(memoryBrowser(), 3);
    await seconds(10);
    expect(tabs.map((t) => t.session.state)).toEqual(['warning', 'warning', 'warning']);
    tabs[2].session.activity();
    await vi.advanceTimersByTimeAsync(0);
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
    await seconds(8.5);
    expect(server.pings.length).toBe(1);
    expect(tabs.map((t) => t.session.idleSeconds)).toEqual([8, 8, 8]);
    expect(tabs.flatMap((t) => t.events)).toEqual([]);
  });

  it('expire together when one tab expires, each covering and leaving its page', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    // Two tabs' timers are a minute late (hidden, throttled): the one on time brings them along.
    const tabs = open(browser, 3, { returnToUrl: '/login/' }, 2);
    await seconds(20);
    expect(tabs.map((t) => t.session.state)).toEqual(['expired', 'expired', 'expired']);
    await seconds(1);
    expect(tabs.map((t) => t.navigations)).toEqual([['/login/'], [], []]);
    // The throttled tabs are covered at once; they leave when their timers are let run.
    await seconds(60);
    expect(tabs.map((t) => t.navigations)).toEqual(Array(3).fill(['/login/']));
  });

  it('all log out when the page logs out in one of them', async () => {
    network.use(djangoLike().handler);
    const [a, b, c] = open(memoryBrowser(), 3, { logoutUrl: '/logout/', returnToUrl: '/login/' });
    await seconds(3);
    b.session.logout();
    await vi.advanceTimersByTimeAsync(0);
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
    await vi.advanceTimersByTimeAsync(0);
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
    expect(a.session.idleSeconds).toBe(0);
    await seconds(9.5);
    expect(server.pings.length).toBe(2);
  });

  it('a tab that missed the messages of the others reads storage before it expires', async () => {
    network.use(djangoLike().handler);
    // No channel: as for a tab frozen in the background, only the shared record reaches it.
    const browser = memoryBrowser({ channel: false });
    const [a] = open(browser);
    await seconds(19.5);
    const [b] = open(browser);
    await seconds(1);
    expect([a.session.state, b.session.state]).toEqual(['active', 'active']);
    expect(a.events).toEqual(['warn', 'resume']);
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

  it('keep pinging when the tab that was pinging closes or crashes', async () => {
    let pings = 0;
    network.use(djangoLike().handler);
    const [a, b] = open(memoryBrowser(), 2, { ping: async (_idle, signal) => (pings++, pings == 1 ? new Promise<never>((_, no) => signal.addEventListener('abort', () => no(signal.reason))) : 0), pingUrl: undefined });
    await seconds(9);
    expect(pings).toBe(1);
    // Whichever tab holds the ping in flight dies with it.
    a.session.destroy();
    b.session.destroy();
    const [c] = open(memoryBrowser(), 1, { ping: async () => (pings++, 0), pingUrl: undefined });
    await seconds(9);
    expect(pings).toBe(2);
    c.session.destroy();
  });

  it('another tab takes over the pings at the next point when the pinging tab is gone', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    const browser = memoryBrowser();
    const [a, b] = open(browser, 2);
    await seconds(9);
    expect(server.pings.length).toBe(1);
    a.session.destroy();
    b.session.destroy();
    const [c] = open(browser);
    await seconds(9);
    expect(server.pings.length).toBe(2);
    expect(c.session.state).toBe('active');
  });

  it('ignore malformed or foreign messages and stored records: they never extend a session', async () => {
    network.use(djangoLike().handler);
    const browser = memoryBrowser();
    const ns = 'session-security:/ping';
    browser.store.set(ns, '{"v":1,"activity":9e15,"server":0,"pinged":0,"expired":0}');
    const [a] = open(browser);
    const forge = (record: unknown) => {
      for (const peer of browser.bus.get(ns)!) peer(record);
    };
    await seconds(5);
    forge({ v: 1, activity: Date.now() + 3600_000, server: 0, pinged: 0, expired: 0 });
    forge({ v: 2, activity: Date.now(), server: 0, pinged: 0, expired: 0 });
    forge({ v: 1, activity: 'now', server: 0, pinged: 0, expired: 0 });
    forge({ v: 1, activity: NaN, server: 0, pinged: 0, expired: 0 });
    forge({ v: 1, activity: -1, server: 0, pinged: 0, expired: 0 });
    forge('{"v":1,');
    forge(null);
    forge({ v: 1, activity: Date.now() });
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
    expect(server.pings.length).toBe(2);
    const channelOnly = memoryBrowser({ storage: false });
    const [c, d] = open(channelOnly, 2);
    await seconds(5);
    d.session.activity();
    await seconds(5);
    expect([c.session.state, d.session.state]).toEqual(['active', 'active']);
  });

  it('without Web Locks, the ping stamp in storage still makes one ping per point', async () => {
    const { server, handler } = djangoLike();
    network.use(handler);
    open(memoryBrowser({ locks: false }), 4);
    await seconds(19.5);
    expect(server.pings.map((p) => p.idleFor)).toEqual(['9', '19']);
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
