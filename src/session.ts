import { trackActivity } from './activity.js';
import { judge, type Verdict } from './idle-model.js';
import { coverPage, expire } from './leave.js';
import { listen } from './listen.js';
import { pastDeadline, REPORT } from './past-deadline.js';
import type { Config } from './options.js';
import type { Platform } from './platform.js';
import { reconcile } from './reconcile.js';
import { joinTabs, SETTLE } from './tabs/tabs.js';
import type { Emit, ExpireReason, Session, SessionSnapshot } from './types.js';

/** Activity closer than this to the last recorded one costs a clock read and nothing more. */
const THROTTLE = 1000;

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
  /** Removes the cover this tab put over the page at its deadline, while an answer may keep the session. */
  let uncover: (() => void) | undefined;
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

  // Loading this page was a request the server saw: activity at the navigation's start. A session
  // that ended before we started is not ours: a page may sign in again without reloading.
  const { origin } = platform;
  const shared = { activity: origin, server: origin, pinged: 0, answered: 0, expired: 0 };
  const tabs = joinTabs(config.namespace, platform, shared, () => evaluate(false, true));
  const ended = shared.expired;
  const [ping, flying, hurry, stopPinging] = reconcile(
    config,
    platform,
    tabs,
    emit,
    () => evaluate(),
    () => end('server'),
  );

  /**
   * Looks at the clock, and first at storage: a tab whose timers or messages were held back
   * (throttled, frozen, asleep) must not act on a stale view, such as ending a newer session.
   * With `active`, records activity now, unless the session already ended; `heard`: on a message.
   */
  const evaluate = (active?: boolean, heard?: boolean): void => {
    if (stopped) return;
    tabs.refresh();
    const now = platform.now();
    const { state: was, next } = last;
    let verdict = (last = judge(now, shared, config));
    if (shared.expired > ended) return end('tab');
    if (active && verdict.state != 'expired') {
      shared.activity = Math.max(shared.activity, now);
      emit('activity');
      verdict = last = judge(now, shared, config);
    }
    platform.clearTimeout(timer);
    if (verdict.state == 'expired') {
      // The countdown reached zero here: covered now, even while an answer may yet keep the session
      // and uncover it. A page started past the deadline (a sign-in without reload) asks uncovered.
      if (was != 'expired') uncover ||= coverPage();
      // On a message (more may be queued behind it), or held back (frozen, asleep: later than its
      // verdict could change, past a hidden tab's throttling), it lets the queued news run first:
      // it counts the deadline as found a millisecond later.
      const found = overdue || (heard || now > next + 1000 + SETTLE ? now + 1 : now);
      const awaited = pastDeadline(now, found, shared, config, flying());
      if (awaited == REPORT) return ping(true);
      overdue = found;
      if (awaited > 0) return void (timer = platform.setTimeout(evaluate, awaited));
      return end('idle');
    }
    overdue = 0;
    uncover?.();
    uncover = undefined;
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
        emit('resume');
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
    // Ending covers the page again in the same task, if it leaves.
    uncover?.();
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
    expire(emit, platform, config, reason, leave, shared.activity + config.expireAfter);
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

  return { look: () => (evaluate(), { ...last, snapshot }), activity, end, destroy };
}
