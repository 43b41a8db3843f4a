/**
 * Listens to `type` on `target` and returns the removal: every side effect of the SDK comes with
 * its cleanup, so stopping is running the cleanups.
 */
export function listen<E extends Event = Event>(
  target: EventTarget,
  type: string,
  listener: (event: E) => unknown,
  options?: AddEventListenerOptions,
): () => void {
  target.addEventListener(type, listener as EventListener, options);
  return () => target.removeEventListener(type, listener as EventListener, options);
}

/**
 * Calls `look` whenever the page comes back (shown, focused, visible): timers of background tabs
 * and sleeping laptops fire late. Returns the cleanup.
 */
export function onReturn(look: () => void): () => void {
  const stops = [
    listen(window, 'pageshow', look),
    listen(window, 'focus', look),
    listen(document, 'visibilitychange', look),
  ];
  return () => stops.forEach((stop) => stop());
}
