import { listen } from './listen.js';
import type { Config } from './options.js';
import type { Platform } from './platform.js';
import type { ExpireReason } from './types.js';

/** Longest time the page may take to save a draft before it is left. */
const SAVE_LIMIT = 2000;
/**
 * How long after an idle end (here, or in another tab) the page is left. Leaving is a request the
 * server counts as activity while the session is alive there, and it may be: an answer is dated
 * at the earliest moment it allows, so the browser's deadline may come up to a second before the
 * server's, plus the ping's way there (test/django/leave.test.ts saw that second exceeded by 13 ms,
 * 20 pages at once). No ping moves the server's stamp later. After a logout, or the server's
 * `"logout"`, the server has ended the session: the page leaves at once.
 */
const SETTLE = 1500;

/**
 * Hides the page behind an opaque layer, so nothing confidential stays readable while the
 * browser navigates away. It goes to the top layer where supported, above any open modal
 * (https://html.spec.whatwg.org/multipage/popover.html).
 */
export function coverPage(): void {
  const layer = document.createElement('div');
  // CSSOM writes are allowed under a strict Content-Security-Policy; a style attribute is not
  // (https://www.w3.org/TR/CSP3/#directive-style-src-attr).
  // `all:initial` undoes the popover's own sizing and any page rule that matches a div.
  layer.style.cssText = 'all:initial;position:fixed;inset:0;z-index:2147483647;background:Canvas';
  layer.popover = 'manual';
  (document.body ?? document.documentElement).append(layer);
  layer.showPopover?.();
}

/**
 * Covers the page, then leaves it for `logoutUrl` after a logout, else for `returnToUrl` (or
 * reloads when it is empty) once the drafts in `saving` are saved, or `SAVE_LIMIT` ms passed.
 */
export function leavePage(
  platform: Platform,
  { logoutUrl, returnToUrl }: Pick<Config, 'logoutUrl' | 'returnToUrl'>,
  reason: ExpireReason,
  saving: Promise<unknown>[],
): void {
  coverPage();
  const logout = reason == 'logout';
  const after = (ms: number) => new Promise<void>((done) => platform.setTimeout(done, ms));
  void Promise.all([
    after(logout || reason == 'server' ? 0 : SETTLE),
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
