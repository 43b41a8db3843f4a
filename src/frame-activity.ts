import type { SessionSecurity } from './engine.js';
import { listen } from './listen.js';
import { fail, option } from './options.js';

/** The options of {@link frameActivity}. */
export interface FrameActivityOptions {
  /** The origins of the frames whose users' activity counts (`'https://docs.example'`), exactly as `location.origin` writes them. */
  frameOrigins: string[];
}

/**
 * Counts as activity the message `'session-security:activity'` that a frame of an allowed origin
 * posts to this page (`parent.postMessage('session-security:activity', parentOrigin)`): the user at
 * work inside a cross-origin frame (a document editor, a payment form), whose events this page
 * never sees. Any other message, and this one from any other origin, changes nothing.
 * @returns the function that stops it.
 * @throws TypeError naming `frameOrigins` and the first value that is not an http(s) origin.
 */
export function frameActivity(session: SessionSecurity, options: FrameActivityOptions): () => void {
  const origins = option<string[]>(options, 'frameOrigins', 'array', []);
  if (!origins.length) fail('frameOrigins', origins, 'must list the origins of the frames');
  for (const origin of origins)
    if (!/^https?:\/\/[^/?#\s]+$/.test(origin))
      fail('frameOrigins', origin, 'must be origins such as "https://docs.example"');
  return listen<MessageEvent>(window, 'message', (event) => {
    if (event.data === 'session-security:activity' && origins.includes(event.origin)) session.activity();
  });
}
