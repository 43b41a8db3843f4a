import { listen } from './listen.js';
import type { Config } from './options.js';
import type { Platform } from './platform.js';
import type { Emit, ExpireReason } from './types.js';

/** Longest time the page may take to save a draft before it is left. */
const SAVE_LIMIT = 2000;
/**
 * How long after an idle end (here, or in another tab) the page is left at the least. Leaving is
 * a request the server counts as activity while the session is alive there, and it may be: the
 * browser's deadline counts from the server's stamp as its answers date it at the earliest, up to
 * a second before it, plus the ping's way there (test/django/leave.test.ts saw that second
 * exceeded by 13 ms, 20 pages at once). No ping moves the server's stamp later than the user's
 * last activity: the tab that ends by its own clock does not leave before that activity plus
 * `expireAfter` either (a report the server merged, whose answer was lost, leaves it that late).
 * After a logout, or the server's `"logout"`, the server has ended the session: the page leaves
 * at once.
 */
const SETTLE = 1500;

/** A report's way to the server: its stamp may be this much later than the activity it dates. */
const WAY = 100;

/**
 * Hides the page behind an opaque layer, so nothing confidential stays readable while the
 * browser navigates away. It goes to the top layer where supported, above any open modal
 * (https://html.spec.whatwg.org/multipage/popover.html). Returns its removal.
 */
export function coverPage(): () => void {
  const layer = document.createElement('div');
  // CSSOM writes are allowed under a strict Content-Security-Policy; a style attribute is not
  // (https://www.w3.org/TR/CSP3/#directive-style-src-attr).
  // `all:initial` undoes the popover's own sizing and any page rule that matches a div.
  layer.style.cssText = 'all:initial;position:fixed;inset:0;z-index:2147483647;background:Canvas';
  layer.popover = 'manual';
  (document.body ?? document.documentElement).append(layer);
  layer.showPopover?.();
  return () => layer.remove();
}

/**
 * Dispatches `expire`, whose `waitUntil` collects the drafts the page saves; then, unless the
 * event was canceled or `leave` is false (the browser is leaving by itself: a logout link), covers
 * the page and leaves it for `logoutUrl` after a logout, else for `returnToUrl` (or reloads when
 * it is empty) once those drafts are saved, or `SAVE_LIMIT` ms passed.
 * `deadline`: the user's last activity plus `expireAfter`, on the platform's clock.
 */
export function expire(
  emit: Emit,
  platform: Platform,
  { logoutUrl, returnToUrl }: Pick<Config, 'logoutUrl' | 'returnToUrl'>,
  reason: ExpireReason,
  leave: boolean,
  deadline: number,
): void {
  const saving: Promise<unknown>[] = [];
  const waitUntil = (promise: Promise<unknown>) => void saving.push(promise);
  if (!emit('expire', { reason, waitUntil }, true) || !leave) return;
  coverPage();
  const logout = reason == 'logout';
  const after = (ms: number) => new Promise<void>((done) => platform.setTimeout(done, ms));
  void Promise.all([
    after(logout || reason == 'server' ? 0 : Math.max(SETTLE, reason == 'idle' ? deadline + WAY - platform.now() : 0)),
    Promise.race([Promise.allSettled(saving), after(SAVE_LIMIT)]),
  ]).then(() => platform.navigate((logout && logoutUrl) || returnToUrl));
}

/**
 * Calls `logout` when the user follows a link or submits a form to `logoutUrl` (as the browser
 * resolves it, without the fragment), unless the page stopped it. Returns the cleanup.
 */
export function watchLogoutLinks(logoutUrl: string, logout: () => void): () => void {
  // `href` and `action` are resolved by the browser, against the document's base URL.
  const page = (url: unknown) => String(url).split('#')[0];
  const target = page(new URL(logoutUrl, document.baseURI).href);
  const leaving = (event: Event, url: unknown) => !event.defaultPrevented && page(url) == target && logout();
  const stops = [
    listen(document, 'click', (event) => leaving(event, (event.target as Element).closest?.('a')?.href)),
    listen(document, 'submit', (event) => leaving(event, (event.target as HTMLFormElement).action)),
  ];
  return () => stops.forEach((stop) => stop());
}
