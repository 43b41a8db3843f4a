import { createDialog, type DialogOptions } from './dialog/index.js';
import { text } from './dialog/localize.js';
import type { SessionSecurity } from './engine.js';
import { listen } from './listen.js';
import { fail, option } from './options.js';
import type { WarningView } from './types.js';

/** The options of {@link lifetime}. Times are in seconds. */
export interface LifetimeOptions extends Pick<DialogOptions, 'logoutButton' | 'lang' | 'styleNonce' | 'injectStyles'> {
  /**
   * The moment the session ends whatever the activity, as the server knows it: epoch
   * milliseconds, an ISO 8601 text (`'2030-01-31T18:00:00Z'`) or a `Date`. Read on the browser's clock.
   */
  endsAt: number | string | Date;
  /** Seconds before `endsAt` that the warning shows, in every tab. @default 60 */
  warnBefore?: number;
  /** The warning's heading. @default 'Your session is ending' */
  lifetimeTitle?: string;
  /** The warning's text; `{time}` becomes the time left in words. @default 'For your security, you will be signed out in {time}, whatever you do. Save your work now.' */
  lifetimeMessage?: string;
  /** The button that closes the warning, extending nothing. @default 'Close' */
  closeButton?: string;
  /** The page's logout URL: shows "Sign out now" (`logoutButton`) in the warning. */
  logoutUrl?: string;
  /** Renders the warning instead of the built-in dialog: `show`, `update` every second, `hide`. */
  view?: WarningView;
}

/** Timers fire at most this late (about 24.8 days): a later moment is reached in steps. */
const LONGEST_TIMER = 2 ** 31 - 1;

/**
 * Ends `session` at a fixed moment, whatever the activity (OWASP session management; Keycloak's
 * "SSO Session Max"). `warnBefore` seconds ahead, a warning that says so: no "Stay signed in", a
 * button that only closes it, and activity does not dismiss it; `session` dispatches `warn` with
 * `extendable: false`. Then the session ends in every tab, with the `expire` reason `lifetime`
 * in the tab whose clock reaches it first (`tab` in the others it tells). Every tab that runs it
 * warns on its own clock. Nothing the page does keeps the session past it.
 * @returns the function that stops it, and hides its warning.
 * @throws TypeError or RangeError naming the first bad option and its value.
 */
export function lifetime(session: SessionSecurity, options: LifetimeOptions): () => void {
  if (!options || typeof options != 'object') fail('options', options, 'must be an object');
  const given: unknown = options.endsAt;
  const endsAt = (
    given instanceof Date ? given.getTime() : typeof given == 'string' ? Date.parse(given) : given
  ) as number;
  // Not a number, or no moment (an invalid Date, an unparsable text): false.
  if (!Number.isFinite(endsAt)) fail('endsAt', given, 'must be epoch milliseconds, an ISO 8601 date or a Date');
  const warnBefore = option(options, 'warnBefore', 'number', 60) * 1000;
  if (!(warnBefore > 0 && warnBefore < Infinity))
    fail('warnBefore', warnBefore / 1000, 'must be a positive number of seconds', true);
  const { logoutUrl, logoutButton, lang, styleNonce, injectStyles } = options;
  const dialogOptions = {
    logoutUrl,
    logoutButton,
    lang,
    styleNonce,
    injectStyles,
    // With the classic script, the page's texts over those of the locale script it loaded.
    title: text(options, 'lifetimeTitle', 'Your session is ending'),
    message: text(
      options,
      'lifetimeMessage',
      'For your security, you will be signed out in {time}, whatever you do. Save your work now.',
    ),
    stayButton: text(options, 'closeButton', 'Close'),
  };
  let closed = false;
  const close = () => {
    closed = true;
    view.hide();
  };
  const custom = option<WarningView | undefined>(options, 'view', 'object', undefined);
  for (const method of ['show', 'update', 'hide']) {
    const value = (custom as Record<string, unknown> | undefined)?.[method];
    if (custom && typeof value != 'function') fail(`view.${method}`, value, 'must be a function');
  }
  // The dialog's "stay" is "Close" here: it closes the warning, and tells the session nothing.
  const view = custom ?? createDialog({ activity: close, logout: () => session.logout() }, dialogOptions);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown = false;
  const look = () => {
    clearTimeout(timer);
    const left = endsAt - Date.now();
    if (left <= 0) return session._end('lifetime');
    const secondsLeft = Math.ceil(left / 1000);
    if (left <= warnBefore) {
      if (shown) {
        if (!closed) view.update(secondsLeft);
      } else {
        shown = true;
        view.show(secondsLeft);
        session.dispatchEvent(new CustomEvent('warn', { detail: { secondsLeft, extendable: false } }));
      }
    }
    // While warned, on each whole second before the end: the countdown.
    const next = left > warnBefore ? left - warnBefore : left % 1000 || 1000;
    timer = setTimeout(look, Math.min(next, LONGEST_TIMER));
  };

  const stops = [
    // Timers of background tabs and sleeping laptops fire late: look as soon as the page is back.
    listen(window, 'pageshow', look),
    listen(window, 'focus', look),
    listen(document, 'visibilitychange', look),
  ];
  const stop = () => {
    clearTimeout(timer);
    stops.forEach((stop) => stop());
    if (shown && !closed) view.hide();
  };
  // However the session ends, its lifetime is over.
  stops.push(listen(session, 'expire', stop));
  if (session.state != 'expired') look();
  return stop;
}
