import { vi } from 'vitest';

/**
 * Counts, by event type, the listeners added to `targets` less those removed, from now until
 * `vi.restoreAllMocks()`: what a cleanup left behind is what stays above zero.
 */
export function countListeners(...targets: EventTarget[]): Map<string, number> {
  const listening = new Map<string, number>();
  const count = (type: string, delta: number) => listening.set(type, (listening.get(type) ?? 0) + delta);
  for (const target of targets) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    vi.spyOn(target, 'addEventListener').mockImplementation((t, l, o) => (count(t, 1), add(t, l, o)));
    vi.spyOn(target, 'removeEventListener').mockImplementation((t, l, o) => (count(t, -1), remove(t, l, o)));
  }
  return listening;
}
