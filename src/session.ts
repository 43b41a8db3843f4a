import { trackActivity } from './activity.js';
import { coverPage, SAVE_LIMIT, SETTLE } from './expire.js';
import { judge } from './idle-model.js';
import type { Config } from './options.js';
import { checkAnswer, httpPing, PingError } from './ping.js';
import type { Platform } from './platform.js';
import { joinTabs } from './tabs/tabs.js';
import type { ExpireReason, SessionState, WarningView } from './types.js';

/** Activity closer than this to the last recorded one costs a clock read and nothing more. */
const THROTTLE = 1000;
/** How far a server's stamp may be ahead of ours before it counts as newer activity: it answers in whole seconds. */
const ROUNDING = 2000;
/** How long past the deadline a ping already in flight may still report newer activity. */
const GRACE = 1000;

/** What the public class delegates to. */
export interface Session {
  state(): SessionState;
  /** Whole seconds since the last activity. */
  idle(): number;
  /** Whole seconds until the session ends. */
  left(): number;
  activity(): void;
  end(reason: ExpireReason): void;
  destroy(): void;
}

/**
 * The orchestrator: wires the idle model to the clock and timers, the activity tracker, the
 * other tabs, the ping and the view, and dispatches the events on `target`.
 */
export function startSession(target: EventTarget, c: Config, p: Platform, view: WarningView | undefined): Session {
  const ping = c.ping ?? httpPing(c, p);
  const now0 = p.now();
  const cleanups: (() => void)[] = [];
  let state: SessionState = 'active';
  let stopped = false;
  /** This tab waits for its turn to ping, or pings. */
  let asking = false;
  let seen = 0;
  let timer: unknown;
  let tick: unknown;
  /** This tab's ping in flight. */
  let flight: AbortController | undefined;

  const emit = (type: string, detail?: unknown, cancelable?: boolean) => target.dispatchEvent(new CustomEvent(type, { detail, cancelable }));
  // Loading this page was a request the server saw: activity, known to the server.
  const tabs = joinTabs(c.namespace, p, { activity: now0, server: now0, pinged: 0, answered: 0, expired: 0 }, () => evaluate());
  const s = tabs.shared;
  const { publish } = tabs;
  const verdict = () => judge(p.now(), s, c);
  const left = () => Math.ceil(verdict().remaining / 1000);
  const on = (target: EventTarget, type: string, fn: (e: Event) => unknown) => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };
  const known = s.expired;

  /**
   * Looks at the clock, and first at storage: a tab whose timers or messages were held back
   * (throttled, frozen, asleep) must not act on a stale view, such as ending a newer session.
   */
  const evaluate = (): void => {
    if (stopped) return;
    tabs.refresh();
    if (s.expired > known) return end('tab');
    const now = p.now();
    const v = judge(now, s, c);
    p.clearTimeout(timer);
    // This tab's ping in flight may still report newer activity; its timeout ends GRACE after the deadline.
    if (v.state == 'expired') return void (flight || end('idle'));
    if (v.state != state) {
      state = v.state;
      if (state == 'warning') {
        const secondsLeft = left();
        view?.show(secondsLeft);
        emit('warn', { secondsLeft });
        countdown();
      } else {
        p.clearTimeout(tick);
        view?.hide();
        emit('resume');
      }
      // Background tabs' timers are throttled, their messages are not: the other tabs look now.
      publish();
    }
    if (v.ping) send();
    timer = p.setTimeout(evaluate, v.next - now);
  };

  /** Updates the view on each whole second before the deadline, recomputed from the clock. */
  const countdown = (): void => {
    tick = p.setTimeout(
      () => {
        if (state != 'warning') return;
        view?.update(left());
        countdown();
      },
      verdict().remaining % 1000 || 1000,
    );
  };

  /** Pings once for the whole browser (see `elect`) while the model's reconciliation points are due. */
  const send = (): void => {
    if (asking) return;
    asking = true;
    tabs
      .elect(() => judge(p.now(), s, c).ping, async () => {
        const now = p.now();
        // With the other tabs' latest activity, just read.
        const v = judge(now, s, c);
        const sent = s.activity;
        const idleFor = Math.floor(v.idle / 1000);
        const { signal } = (flight = new AbortController());
        const timeout = p.setTimeout(() => flight?.abort(), Math.min(c.pingTimeout, v.remaining + GRACE));
        try {
          // Aborting settles the ping even when the ping function ignores its signal: a hung
          // request must neither hold the lock of every tab nor keep the session from ending.
          const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
          const answer = checkAnswer(await Promise.race([ping(idleFor, signal), aborted]));
          if (stopped) return;
          emit('ping', { idleFor, answer });
          if (answer == 'logout') return end('server');
          s.answered = p.now();
          s.server = Math.max(s.server, sent);
          const stamp = p.now() - answer * 1000;
          if (stamp > s.activity + ROUNDING) s.activity = s.server = stamp;
          publish();
        } catch (error) {
          if (!stopped) emit('error', signal.aborted ? { reason: 'timeout', error } : error instanceof PingError ? error.detail : { reason: 'network', error });
        } finally {
          p.clearTimeout(timeout);
          flight = undefined;
          // Not after the lock is released: an expiry the flight held back is due now.
          evaluate();
        }
      })
      .finally(() => {
        asking = false;
        evaluate();
      });
  };

  const activity = (): void => {
    const now = p.now();
    if (stopped || (now - seen < THROTTLE && state == 'active')) return;
    seen = now;
    // A tab that slept past the deadline expires: waking it is not activity.
    if (verdict().state == 'expired') return evaluate();
    s.activity = Math.max(s.activity, now);
    publish();
    emit('activity');
    evaluate();
  };

  const destroy = (): void => {
    if (stopped) return;
    stopped = true;
    if (state == 'warning') view?.hide();
    p.clearTimeout(timer);
    p.clearTimeout(tick);
    flight?.abort();
    tabs.close();
    for (const cleanup of cleanups) cleanup();
  };

  /**
   * Ends the session: told to the other tabs and marked first, so no page-leave guard blocks
   * it; then the page is covered and left, unless the `expire` event is canceled or the
   * browser is already navigating (a logout link: `leave` false).
   */
  const end = (reason: ExpireReason, leave = true): void => {
    if (stopped) return;
    if (reason != 'tab') {
      s.expired = p.now();
      publish();
    }
    destroy();
    state = 'expired';
    const saving: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void saving.push(promise);
    if (!emit('expire', { reason, waitUntil }, true) || !leave) return;
    coverPage();
    const after = (ms: number) => new Promise<void>((done) => p.setTimeout(done, ms));
    // Leaving is a request the server counts as activity while the session is alive there: give
    // its clock (whole seconds) and another tab's logout on its way a second to end it first.
    const settled = reason == 'logout' ? 0 : SETTLE;
    Promise.all([after(settled), Promise.race([Promise.allSettled(saving), after(SAVE_LIMIT)])]).then(() =>
      p.navigate((reason == 'logout' && c.logoutUrl) || c.returnToUrl),
    );
  };

  cleanups.push(trackActivity(c, activity, p.setTimeout, p.clearTimeout));
  // Timers of background tabs and sleeping laptops fire late: look at the clock as soon as the page is back.
  on(window, 'pageshow', evaluate);
  on(window, 'focus', evaluate);
  on(document, 'visibilitychange', evaluate);
  if (c.logoutUrl) {
    // Resolved as the browser resolves a navigation: against the document's base URL.
    const page = (url: string) => new URL(url, document.baseURI).href.split('#')[0];
    const logoutUrl = page(c.logoutUrl);
    const leaving = (e: Event, url?: string | null) => !e.defaultPrevented && url != null && page(url) == logoutUrl && end('logout', false);
    on(document, 'click', (e) => leaving(e, (e.target as Element).closest?.('a[href]')?.getAttribute('href')));
    on(document, 'submit', (e) => leaving(e, (e.target as HTMLFormElement).action));
  }
  publish();
  evaluate();

  return { state: () => state, idle: () => Math.floor(verdict().idle / 1000), left, activity, end, destroy };
}
