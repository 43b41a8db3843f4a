import type { SessionState } from './types.js';

/**
 * Asks the browser's confirmation before leaving a page with a changed form (`input` or
 * `change`, until the form is submitted or reset), while `message()` returns a text. Never
 * blocks the end of the session: `session.state` is `'expired'` before the page is left.
 * Returns its cleanup.
 */
export function formGuard(session: { readonly state: SessionState }, message: () => string | undefined): () => void {
  const dirty = new Set<HTMLFormElement>();
  const controller = new AbortController();
  const leave = (e: BeforeUnloadEvent) => {
    const text = message();
    if (!text || session.state == 'expired' || ![...dirty].some((form) => form.isConnected)) return;
    e.preventDefault();
    // Older browsers ask only when returnValue is set; none shows the text any more.
    e.returnValue = text;
  };
  // Listening only while a form is dirty: a beforeunload listener keeps some browsers from caching the page (bfcache).
  const watch = () => (dirty.size ? addEventListener : removeEventListener)('beforeunload', leave);
  const track = (e: Event) => {
    const target = e.target as HTMLInputElement & HTMLFormElement;
    if (e.type == 'submit' || e.type == 'reset') dirty.delete(target);
    else if (target.form) dirty.add(target.form);
    watch();
  };
  for (const type of ['input', 'change', 'submit', 'reset']) document.addEventListener(type, track, { capture: true, signal: controller.signal });
  return () => {
    controller.abort();
    removeEventListener('beforeunload', leave);
  };
}
