import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

export const network = setupServer();

/** Fake clock and timers for every test, msw for the ping endpoint, a clean page. */
export function useTestBed() {
  beforeAll(() => network.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T09:00:00Z') });
    document.body.replaceChildren();
  });
  afterEach(() => {
    network.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => network.close());
}
