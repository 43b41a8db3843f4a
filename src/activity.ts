/**
 * Calls `onActivity` on each of `events` anywhere in `target`: capturing, so events that do not
 * bubble (scroll) count too, and passive, so scrolling is never delayed. Returns its cleanup.
 */
export function trackActivity(target: EventTarget, events: string[], trustedOnly: boolean, onActivity: () => void): () => void {
  // Synthetic events (a script's dispatchEvent, an autoclicker extension) are not a person at the desk.
  const listener = (e: Event) => (e.isTrusted || !trustedOnly) && onActivity();
  const options = { capture: true, passive: true };
  for (const type of events) target.addEventListener(type, listener, options);
  return () => {
    for (const type of events) target.removeEventListener(type, listener, options);
  };
}
