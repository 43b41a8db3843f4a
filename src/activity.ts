import { listen } from './listen.js';
import type { Platform } from './platform.js';

/** After a recorded activity, the events are not even listened to for this long. */
export const REST = 1000;

/**
 * The input events a person makes. Others (`scroll`, `focus`, `resize`, `mouseover`...) are
 * fired, trusted, when the page scrolls a log view, focuses a field or moves content under a
 * still pointer: a page could keep its session alive forever. The user's own scrolling is the
 * wheel, touch, key or pointer event that caused it.
 */
export const INPUT_EVENT =
  /^((pointer|mouse)(down|up|move)|key(down|up)|touch(start|end|move)|wheel|(dbl)?click|contextmenu)$/;

export interface ActivityOptions {
  /** Event types to count; each matches {@link INPUT_EVENT}. */
  events: string[];
  /** Count synthetic events too (`dispatchEvent`), when false. */
  trustedEventsOnly: boolean;
  /** Set on the window of a running session: a frame that has one is a tab of its own. */
  namespace: string;
}

/**
 * Calls `record` on the user's input in this document and in its same-origin frames (present,
 * added later, navigated, rewritten by `document.open()` as rich-text editors do), then rests
 * for {@link REST} ms: not listening costs nothing at all, where a browser calling even an empty
 * listener for every mouse move is most of the cost. Returns the cleanup.
 */
export function trackActivity(
  options: ActivityOptions,
  record: () => void,
  timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>,
): () => void {
  const documents = new Map<Document, () => void>();
  let resting: unknown;
  let stopped = false;
  const marks = window as unknown as Record<string, unknown>;
  // Captured, so events whose propagation a page stops count too; passive, so scrolling is never delayed.
  const inputs = (document: Document) => {
    const stops = options.events.map((type) => listen(document, type, input, { capture: true, passive: true }));
    return () => stops.forEach((stop) => stop());
  };
  const input = (event: Event) => {
    // Synthetic events (a script's dispatchEvent, an autoclicker extension) are not a person at the desk.
    if (resting || (!event.isTrusted && options.trustedEventsOnly)) return;
    documents.forEach((stop) => stop());
    resting = timers.setTimeout(() => {
      resting = 0;
      documents.forEach((_, document) => documents.set(document, inputs(document)));
    }, REST);
    record();
  };
  const attach = (document: Document) => {
    documents.forEach((_, old) => old.defaultView || documents.delete(old));
    documents.get(document)?.();
    documents.set(document, resting ? () => {} : inputs(document));
    // Each navigation of a frame, and each `document.open()`, gives it a document without our
    // listeners (https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#document-open-steps),
    // then fires `load` at its element: captured here, as `load` does not bubble.
    document.addEventListener('load', framed, true);
    document.querySelectorAll('iframe').forEach((frame) => framed({ target: frame }));
  };
  const framed = ({ target }: { target: EventTarget | null }) => {
    const frame = target as HTMLIFrameElement;
    const document = frame.contentDocument;
    // Cross-origin frames have none; a frame running a session of its own is a tab already.
    if (!stopped && document && !(frame.contentWindow as unknown as Record<string, unknown>)[options.namespace])
      attach(document);
  };
  marks[options.namespace] = true;
  attach(document);
  return () => {
    stopped = true;
    delete marks[options.namespace];
    timers.clearTimeout(resting);
    documents.forEach((stop, document) => {
      stop();
      document.removeEventListener('load', framed, true);
    });
  };
}
