import { listen } from './listen.js';
import { fail } from './options.js';

/** What a frame posts to its parent for its user's activity: the whole message, nothing else. */
export const FRAME_ACTIVITY = 'session-security:activity';

/** Checks `origin` is one, as `MessageEvent.origin` gives it: scheme, host and port, no path. */
export function checkOrigin(name: string, origin: string): void {
  const link = document.createElement('a');
  link.href = origin;
  if (link.origin != origin) fail(name, origin, 'must be an origin such as "https://app.example"', true);
}

/**
 * Counts as activity the message of {@link FRAME_ACTIVITY} that frames of `origins` post, and
 * nothing else: another origin, another message, a forged one from a page of ours. Returns the
 * cleanup.
 */
export const acceptFrameActivity = (origins: string[], activity: () => void): (() => void) =>
  listen<MessageEvent>(
    window,
    'message',
    (event) => origins.includes(event.origin) && event.data === FRAME_ACTIVITY && activity(),
  );

/** Tells the parent page, if it is at `origin`, of this page's activity. */
export const relayActivity = (origin: string) => () => parent.postMessage(FRAME_ACTIVITY, origin);
