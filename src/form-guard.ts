import { listen } from './listen.js';
import type { SessionState } from './types.js';

/** Marks a field, or a whole form, whose changes are no work to lose: a search box, a filter. */
const IGNORED = '[data-session-security-ignore]';

/**
 * Asks the browser's confirmation before leaving a page with a changed form (`input` or
 * `change`, until the form is submitted or reset), while `message()` returns a text. Fields and
 * forms marked `data-session-security-ignore` (or inside an element so marked) never count. Never
 * blocks the end of the session: `session.state` is `'expired'` before the page is left.
 * Returns its cleanup.
 */
export function formGuard(session: { readonly state: SessionState }, message: () => string | undefined): () => void {
  const dirty = new Set<HTMLFormElement>();
  let unwatch = () => {};
  const leave = (event: BeforeUnloadEvent) => {
    const text = message();
    if (!text || session.state == 'expired' || ![...dirty].some((form) => form.isConnected)) return;
    event.preventDefault();
    // Older browsers ask only when returnValue is set; none shows the text any more
    // (https://developer.mozilla.org/en-US/docs/Web/API/Window/beforeunload_event#compatibility_notes).
    event.returnValue = text;
  };
  const track = (event: Event) => {
    const target = event.target as HTMLInputElement & HTMLFormElement;
    if (event.type == 'submit' || event.type == 'reset') dirty.delete(target);
    // A field may belong to a form it is outside of (its `form` attribute).
    else if (target.form && !target.closest(IGNORED) && !target.form.closest(IGNORED)) dirty.add(target.form);
    // Listening only while a form is dirty: a beforeunload listener keeps some browsers from
    // keeping the page in their back/forward cache (https://web.dev/articles/bfcache#never-use-the-unload-event).
    unwatch();
    unwatch = dirty.size ? listen<BeforeUnloadEvent>(window, 'beforeunload', leave) : () => {};
  };
  const stops = ['input', 'change', 'submit', 'reset'].map((type) => listen(document, type, track, { capture: true }));
  return () => {
    stops.forEach((stop) => stop());
    unwatch();
  };
}
