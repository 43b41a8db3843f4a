/** After a recorded activity, the events are not even listened to for this long. */
export const REST = 1000;

/**
 * The input events a person makes. Others (`scroll`, `focus`, `resize`, `mouseover`...) are
 * fired, trusted, when the page scrolls a log view, focuses a field or moves content under a
 * still pointer: a page could keep its session alive forever. The user's own scrolling is the
 * wheel, touch, key or pointer event that caused it.
 */
export const INPUT_EVENT = /^((pointer|mouse)(down|up|move)|key(down|up)|touch(start|end|move)|wheel|(dbl)?click|contextmenu)$/;

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
export function trackActivity(options: ActivityOptions, record: () => void, setTimeout: (fn: () => void, ms: number) => unknown, clearTimeout: (id: unknown) => void): () => void {
  const documents = new Set<Document>();
  let resting: unknown;
  let stopped = false;
  // Captured, so events whose propagation a page stops count too; passive, so scrolling is never delayed.
  const capture = { capture: true, passive: true };
  const listen = (document: Document, on: boolean) => {
    for (const type of options.events) document[on ? 'addEventListener' : 'removeEventListener'](type, input, capture);
  };
  const input = (event: Event) => {
    // Synthetic events (a script's dispatchEvent, an autoclicker extension) are not a person at the desk.
    if (resting || (!event.isTrusted && options.trustedEventsOnly)) return;
    for (const document of documents) listen(document, false);
    resting = setTimeout(() => {
      resting = 0;
      for (const document of documents) listen(document, true);
    }, REST);
    record();
  };
  const attach = (document: Document) => {
    for (const old of documents) if (!old.defaultView) documents.delete(old);
    documents.add(document);
    if (!resting) listen(document, true);
    // Each navigation of a frame, and each `document.open()`, gives it a document without our
    // listeners, then fires `load` on its element: captured here, as `load` does not bubble.
    document.addEventListener('load', framed, true);
    for (const frame of document.querySelectorAll('iframe')) frame.contentDocument && framed({ target: frame });
  };
  const framed = ({ target }: { target: EventTarget | null }) => {
    const frame = target as HTMLIFrameElement;
    const document = frame.contentDocument;
    // Cross-origin frames have none; a frame running a session of its own is a tab already.
    if (!stopped && document && !(frame.contentWindow as unknown as Record<string, unknown>)[options.namespace]) attach(document);
  };
  const marks = window as unknown as Record<string, unknown>;
  marks[options.namespace] = true;
  attach(document);
  return () => {
    stopped = true;
    delete marks[options.namespace];
    clearTimeout(resting);
    for (const document of documents) {
      listen(document, false);
      document.removeEventListener('load', framed, true);
    }
  };
}
