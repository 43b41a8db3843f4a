import { trackActivity } from './activity';
import { coverPage, SAVE_LIMIT } from './expire';
import { judge, type Shared, type Timing } from './idle-model';
import { configure, type Config, type CoreOptions } from './options';
import { checkAnswer, httpPing, PingError } from './ping';
import { browserPlatform, type Platform, type Transport } from './platform';
import { merge, parse, serialize } from './tabs/shared-state';
import type { ExpireReason, PingFunction, SessionSecurityEventMap, SessionState, WarningView } from './types';

export type * from './types';
export type { CoreOptions, Platform };

/** Activity closer than this to the last recorded one costs a clock read and nothing more. */
const THROTTLE = 1000;
/** How far a server's stamp may be ahead of ours before it counts as newer activity: its answer is in whole seconds. */
const ROUNDING = 2000;
/** How long the expiry waits for a ping already in flight, which may report newer activity. */
const GRACE = 1000;

type Listener<K extends keyof SessionSecurityEventMap> = (this: SessionSecurity, event: SessionSecurityEventMap[K]) => unknown;

export interface SessionSecurity {
  addEventListener<K extends keyof SessionSecurityEventMap>(type: K, listener: Listener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SessionSecurityEventMap>(type: K, listener: Listener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Logs out an inactive user: tracks activity in every tab of the browser, pings the server,
 * warns before the end and ends the session in every tab. It starts when constructed.
 *
 * This is the engine alone: without a `view` option, the warning is only the `warn` event.
 */
export class SessionSecurity extends EventTarget {
  #c: Config;
  #p: Platform;
  #t: Timing;
  #ping: PingFunction;
  #view: WarningView | undefined;
  #s: Shared;
  #state: SessionState = 'active';
  #stopped = false;
  #seen = 0;
  #known: number;
  #timer: unknown;
  #tick: unknown;
  #busy = false;
  #flight: AbortController | undefined;
  #transport: Transport | undefined;
  #cleanups: (() => void)[] = [];

  /**
   * Validates `options` and starts.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @throws TypeError or RangeError naming the first bad option and its value.
   */
  constructor(options: CoreOptions, platform?: Platform) {
    super();
    const c = (this.#c = configure(options));
    const p = (this.#p = platform ?? browserPlatform());
    this.#t = { warnAfter: c.warnAfter, expireAfter: c.expireAfter };
    this.#ping = c.ping ?? httpPing(c, p);
    this.#view = options.view ?? this._view(options);
    const now = p.now();
    // Loading this page was a request the server saw: activity, known to the server.
    this.#s = { activity: now, server: now, pinged: 0, expired: 0 };
    this.#refresh();
    this.#known = this.#s.expired;
    this.#transport = p.connect(c.namespace, (data) => this.#receive(data));
    const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.#cleanups.push(() => target.removeEventListener(type, fn));
    };
    this.#cleanups.push(trackActivity(document, c.events, c.trustedEventsOnly, () => this.activity()));
    // Timers of background tabs and sleeping laptops fire late: look at the clock as soon as the page is back.
    for (const type of ['pageshow', 'focus']) on(window, type, () => this.#sync());
    on(document, 'visibilitychange', () => this.#sync());
    if (c.logoutUrl) {
      const target = (url: string) => new URL(url, location.href).href.split('#')[0];
      const logoutUrl = target(c.logoutUrl);
      const leaving = (e: Event, url?: string | null) => !e.defaultPrevented && url != null && target(url) == logoutUrl && this.#end('logout', false);
      on(document, 'click', (e) => leaving(e, (e.target as Element).closest?.('a[href]')?.getAttribute('href')));
      on(document, 'submit', (e) => leaving(e, (e.target as HTMLFormElement).action));
    }
    this.#publish();
    this.#evaluate();
  }

  /** Where the session stands. */
  get state(): SessionState {
    return this.#state;
  }

  /** Whole seconds since the last activity in any tab. */
  get idleSeconds(): number {
    return Math.floor(this.#verdict().idle / 1000);
  }

  /** Whole seconds until the session ends, unless there is activity. */
  get remainingSeconds(): number {
    return Math.ceil(this.#verdict().remaining / 1000);
  }

  /** Records activity, as a user event does: dismisses the warning in every tab and tells the server. */
  activity(): void {
    const now = this.#p.now();
    if (this.#stopped || (now - this.#seen < THROTTLE && this.#state == 'active')) return;
    this.#seen = now;
    // A tab that slept past the deadline expires: waking it is not activity.
    if (this.#verdict().state == 'expired') return this.#evaluate();
    const warned = this.#state == 'warning';
    this.#s.activity = Math.max(this.#s.activity, now);
    this.#publish();
    this.#emit('activity');
    if (warned && !this.#busy) this.#send(now);
    this.#evaluate();
  }

  /** Ends the session now in every tab, then goes to `logoutUrl` (else `returnToUrl`, else reloads). */
  logout(): void {
    this.#end('logout');
  }

  /** Stops: removes every listener, timer and channel it made, and hides the warning. */
  destroy(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const p = this.#p;
    if (this.#state == 'warning') this.#view?.hide();
    p.clearTimeout(this.#timer);
    p.clearTimeout(this.#tick);
    this.#flight?.abort();
    this.#transport?.close();
    for (const cleanup of this.#cleanups) cleanup();
  }

  /**
   * The view used when the `view` option is absent: none here; the full SDK's dialog.
   * @internal
   */
  protected _view(_options: CoreOptions): WarningView | undefined {
    return;
  }

  #verdict() {
    return judge(this.#p.now(), this.#s, this.#t);
  }

  #emit(type: keyof SessionSecurityEventMap, detail?: unknown, cancelable?: boolean): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, cancelable }));
  }

  #read(): Shared | undefined {
    try {
      return parse(this.#p.storage?.getItem(this.#c.namespace), this.#p.now());
    } catch {
      // Storage disabled or gone: this tab goes on alone.
    }
  }

  #refresh(): void {
    const stored = this.#read();
    if (stored) merge(this.#s, stored);
  }

  #publish(): void {
    const data = serialize(this.#s);
    try {
      this.#p.storage?.setItem(this.#c.namespace, data);
    } catch {
      // Quota or disabled storage: the channel still reaches the open tabs.
    }
    this.#transport?.post(data);
  }

  #receive(data: unknown): void {
    const other = parse(data, this.#p.now());
    if (!other || this.#stopped) return;
    merge(this.#s, other);
    this.#evaluate();
  }

  #sync(): void {
    if (this.#stopped) return;
    this.#refresh();
    this.#evaluate();
  }

  #evaluate(): void {
    const p = this.#p;
    if (this.#stopped) return;
    if (this.#s.expired > this.#known) return this.#end('tab');
    const now = p.now();
    const v = judge(now, this.#s, this.#t);
    p.clearTimeout(this.#timer);
    // A ping in flight may still report newer activity; its timeout ends at the deadline plus GRACE.
    if (v.state == 'expired') return void (this.#busy || this.#end('idle'));
    if (v.state != this.#state) {
      this.#state = v.state;
      const secondsLeft = Math.ceil(v.remaining / 1000);
      if (v.state == 'warning') {
        this.#view?.show(secondsLeft);
        this.#emit('warn', { secondsLeft });
        this.#countdown();
      } else {
        p.clearTimeout(this.#tick);
        this.#view?.hide();
        this.#emit('resume');
      }
      // Background tabs' timers are throttled; a message is not: the other tabs look now.
      this.#transport?.post(serialize(this.#s));
    }
    if (v.ping && !this.#busy) this.#send(now, v.remaining);
    this.#timer = p.setTimeout(() => this.#evaluate(), v.next - now);
  }

  /** Updates the view on each whole second before the deadline, recomputed from the clock. */
  #countdown(): void {
    const remaining = this.#verdict().remaining;
    this.#tick = this.#p.setTimeout(
      () => {
        if (this.#state != 'warning') return;
        this.#view?.update(Math.ceil(this.#verdict().remaining / 1000));
        this.#countdown();
      },
      remaining % 1000 || 1000,
    );
  }

  /** Pings once for the whole browser: the tab that gets the lock, unless another tab just did. */
  #send(now: number, remaining = this.#verdict().remaining): void {
    const c = this.#c;
    const p = this.#p;
    const s = this.#s;
    const before = s.pinged;
    // Marked locally at once, so a tab that loses the lock does not retry this point.
    s.pinged = now;
    this.#busy = true;
    p.lock(`${c.namespace}:ping`, async () => {
      const stored = this.#read();
      if (stored) merge(s, stored);
      if (this.#stopped || (stored && stored.pinged > before)) return;
      this.#publish();
      const sent = s.activity;
      const idleFor = Math.floor(Math.max(0, now - sent) / 1000);
      const flight = (this.#flight = new AbortController());
      const timeout = p.setTimeout(() => flight.abort(), Math.min(c.pingTimeout, remaining + GRACE));
      try {
        const answer = checkAnswer(await this.#ping(idleFor, flight.signal));
        if (this.#stopped) return;
        this.#emit('ping', { idleFor, answer });
        if (answer == 'logout') return void this.#end('server');
        s.server = Math.max(s.server, sent);
        const stamp = p.now() - answer * 1000;
        if (stamp > s.activity + ROUNDING) s.activity = s.server = stamp;
        this.#publish();
      } catch (e) {
        if (this.#stopped) return;
        const error = e instanceof PingError ? e : new PingError(flight.signal.aborted ? 'timeout' : 'network', undefined, e);
        this.#emit('error', { reason: error.reason, status: error.status, error: error.error });
      } finally {
        p.clearTimeout(timeout);
        this.#flight = undefined;
      }
    }).finally(() => {
      this.#busy = false;
      this.#evaluate();
    });
  }

  /**
   * Ends the session. Marked first, so no page-leave guard blocks it, and told to the other tabs;
   * then the page is covered and left unless the `expire` event is canceled or the browser is
   * already navigating (`leave` false).
   */
  #end(reason: ExpireReason | 'tab', leave = true): void {
    if (this.#stopped) return;
    if (reason != 'tab') {
      this.#s.expired = this.#p.now();
      this.#publish();
    }
    this.destroy();
    this.#state = 'expired';
    const c = this.#c;
    const p = this.#p;
    const saving: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void saving.push(promise);
    if (!this.#emit('expire', { reason, waitUntil }, true) || !leave) return;
    coverPage();
    const go = () => p.navigate((reason == 'logout' && c.logoutUrl) || c.returnToUrl);
    const limit = new Promise<void>((done) => p.setTimeout(done, SAVE_LIMIT));
    Promise.race([Promise.allSettled(saving), limit]).then(go);
  }
}
