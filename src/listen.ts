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
