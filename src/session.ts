import { trackActivity } from './activity.js';
import { judge, LAG, type Verdict } from './idle-model.js';
import { leavePage } from './leave.js';
import { listen } from './listen.js';
import type { Config } from './options.js';
import type { Platform } from './platform.js';
import { reconcile } from './reconcile.js';
import { joinTabs, SETTLE } from './tabs/tabs.js';
import type { Emit, ExpireReason, SessionSnapshot } from './types.js';

/** Activity closer than this to the last recorded one costs a clock read and nothing more. */
const THROTTLE = 1000;

/** How long past the deadline a tab awaits the answer to another tab's ping before ending the session. */
const HOLD = 1000;

/** What the public class delegates to. */
export interface Session {
  /** Where the session stands, from the clock, as every getter reads it. */
  look(): Pick<Verdict, 'idle' | 'remaining'> & { snapshot: SessionSnapshot };
  activity(): void;
  /** Ends the session in every tab; `leave` false: the browser is leaving by itself (a logout link). */
  end(reason: ExpireReason, leave?: boolean): void;
  destroy(): void;
}

/**
 * The orchestrator: the state machine between the idle model and the clock, timers, activity,
 * the other tabs, the ping and the view.
 */
export function startSession(emit: Emit, config: Config, platform: Platform): Session {
  const { view } = config;
  const cleanups: (() => void)[] = [];
  let last: Verdict;
  let stopped = false;
  let recorded = 0;
  let timer: unknown;
  /** When this tab first found the deadline past; 0 while it is not. */
  let overdue = 0;
  let snapshot: SessionSnapshot = Object.freeze({ state: 'active' });

  /**
   * The one notification point: the state, the seconds left while warned, the end. Listeners
   * hear of a new snapshot after the current task's code, never within a read of it (reading
   * looks at the clock, and React forbids a store to notify while it renders).
   */
  const notify = (next: SessionSnapshot): void => {
    snapshot = Object.freeze(next);
    queueMicrotask(() => emit('change', snapshot));
  };

  // Loading this page was a request the server saw: activity, known to the server, when the
  // navigation began. A session that ended before we started is not ours: a page may sign in
  // again without reloading.
  const { origin } = platform;
  const shared = { activity: origin, server: origin, pinged: 0, answered: 0, expired: 0 };
  const tabs = joinTabs(config.namespace, platform, shared, () => evaluate());
  // Without Web Locks a ping leaves after its claim stood: the reconciliation points come that much earlier.
  if (!platform.locks) config.claim = SETTLE;
  const ended = shared.expired;
  const [ping, flying, hurry, stopPinging] = reconcile(
    config,
    platform,
    tabs,
    emit,
    () => evaluate(),
    () => end('server'),
  );
  // A page may start us long after its navigation (a sign-in without reload): a session the
  // browser only infers has ended is asked of the server before it is ended.
  if (!judge(platform.now(), shared, config).remaining) ping(true);

  /**
   * Looks at the clock, and first at storage: a tab whose timers or messages were held back
   * (throttled, frozen, asleep) must not act on a stale view, such as ending a newer session.
   * With `active`, records activity now, unless the session already ended.
   */
  const evaluate = (active?: boolean): void => {
    if (stopped) return;
    tabs.refresh();
    const now = platform.now();
    let verdict = (last = judge(now, shared, config));
    if (shared.expired > ended) return end('tab');
    if (active && verdict.state != 'expired') {
      shared.activity = Math.max(shared.activity, now);
      emit('activity', undefined);
      verdict = last = judge(now, shared, config);
    }
    platform.clearTimeout(timer);
    if (verdict.state == 'expired') {
      // The server ends the session by the last activity plus expireAfter at the latest: a report
      // that leaves after it cannot keep the session (a tab that slept through it).
      const lastEnd = shared.activity + config.expireAfter;
      // Activity the server lacks, from before the deadline (the user answered the warning while a
      // ping was in flight, answered late): reported first, once, while the server may still have
      // the session; its answer ends it, or keeps it.
      if (
        shared.activity - shared.server > LAG &&
        shared.answered > shared.pinged &&
        now + (config.claim ?? 0) < lastEnd
      )
        return ping(true);
      // A ping in flight may still report newer activity: this tab's settles by its timeout, a
      // second past the deadline at the latest; another tab's is awaited as long, from when this
      // tab found the deadline past, while activity the server lacks is on its way ("Stay signed
      // in" in the last moments of the warning). Not one that left too late (a tab whose claim to
      // ping outlasted a sleep stamps it leaving as it wakes), nor past a second after lastEnd.
      overdue ||= now;
      const awaited =
        shared.pinged > shared.answered && shared.activity > shared.server && shared.pinged < lastEnd
          ? Math.min(overdue, lastEnd) + HOLD - now
          : 0;
      if (awaited > 0) return void (timer = platform.setTimeout(evaluate, awaited));
      return void (flying() || end('idle'));
    }
    overdue = 0;
    const { state } = verdict;
    const secondsLeft = Math.ceil(verdict.remaining / 1000);
    const warned = state == 'warning';
    const changed = state != snapshot.state;
    if (changed || (warned && secondsLeft != snapshot.secondsLeft)) {
      // The snapshot first: listeners of these events read it.
      notify(warned ? { state, secondsLeft } : { state });
      if (!changed) view?.update(secondsLeft);
      else if (warned) {
        view?.show(secondsLeft);
        emit('warn', { secondsLeft });
      } else {
        view?.hide();
        emit('resume', undefined);
      }
    }
    // Background tabs' timers are throttled (https://developer.chrome.com/blog/timer-throttling-in-chrome-88),
    // their messages are not: the other tabs look now.
    if (changed || active) tabs.publish();
    if (verdict.ping) ping();
    if (warned) hurry();
    // While warned, also on each whole second before the deadline: the countdown.
    const countdown = warned ? verdict.remaining % 1000 || 1000 : Infinity;
    timer = platform.setTimeout(evaluate, Math.min(verdict.next - now, countdown));
  };

  const activity = (): void => {
    const now = platform.now();
    // While warned, every activity counts: it dismisses the warning.
    if (stopped || (now - recorded < THROTTLE && snapshot.state == 'active')) return;
    recorded = now;
    evaluate(true);
  };

  const destroy = (): void => {
    if (stopped) return;
    stopped = true;
    if (snapshot.state == 'warning') view?.hide();
    platform.clearTimeout(timer);
    stopPinging();
    tabs.close();
    cleanups.forEach((cleanup) => cleanup());
  };

  /**
   * Ends the session: told to the other tabs and marked first, so no page-leave guard blocks
   * it; then the page is covered and left, unless the `expire` event is canceled or the
   * browser is already navigating (a logout link: `leave` false).
   */
  const end = (reason: ExpireReason, leave = true): void => {
    if (stopped) return;
    if (reason != 'tab') {
      shared.expired = platform.now();
      tabs.publish();
    }
    destroy();
    last.remaining = 0;
    notify({ state: 'expired', reason });
    const saving: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void saving.push(promise);
    if (emit('expire', { reason, waitUntil }, true) && leave)
      leavePage(platform, config, reason, saving, shared.activity + config.expireAfter);
  };

  cleanups.push(
    trackActivity(config, activity, platform),
    // Timers of background tabs and sleeping laptops fire late: look at the clock as soon as the page is back.
    listen(window, 'pageshow', () => evaluate()),
    listen(window, 'focus', () => evaluate()),
    listen(document, 'visibilitychange', () => evaluate()),
  );
  tabs.publish();
  // Looked at once the page's constructor has returned: a subclass's view (the Django drop-in)
  // can show a warning only once its own fields exist, and the page may listen first. A read
  // before then looks at once.
  last = judge(platform.now(), shared, config);
  queueMicrotask(() => evaluate());

  return {
    look: () => {
      evaluate();
      return { ...last, snapshot };
    },
    activity,
    end,
    destroy,
  };
}
