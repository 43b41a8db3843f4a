import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity } from '../../src/session-security';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

/** Counts the listeners added to the document and the window, minus those removed. */
function countListeners() {
  let count = 0;
  for (const target of [document, window]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    vi.spyOn(target, 'addEventListener').mockImplementation(
      (type, listener, options) => (count++, add(type, listener, options)),
    );
    vi.spyOn(target, 'removeEventListener').mockImplementation(
      (type, listener, options) => (count--, remove(type, listener, options)),
    );
  }
  return () => count;
}

describe('a construction with a bad option', () => {
  it.each([
    ['of the form guard', { confirmFormDiscard: 42 }, /"confirmFormDiscard".*42/],
    ['of the dialog', { title: 7 }, /"title".*7/],
    ['of the engine', { warnAfter: 'soon' }, /"warnAfter".*"soon"/],
    ['of the HTTP contract', { pingMethod: 'PUT' }, /"pingMethod".*"PUT"/],
  ])('throws for an option %s and leaves no listener, timer, message or request behind', async (_, bad, message) => {
    const requests: string[] = [];
    network.use(http.all('*', ({ request }) => (requests.push(request.url), HttpResponse.json(0))));
    const listeners = countListeners();
    const browser = memoryBrowser();
    const { platform } = browser.tab();
    expect(
      () => new SessionSecurity({ pingUrl: '/ping', warnAfter: 2, expireAfter: 4, ...bad } as never, platform),
    ).toThrow(message);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    vi.restoreAllMocks();
    expect(listeners()).toBe(0);
    expect(requests).toEqual([]);
    expect(browser.writes).toBe(0);
    expect([...browser.channels.values()].every((peers) => peers.size == 0)).toBe(true);
    expect(document.querySelector('dialog')).toBeNull();
  });
});
