import type { SessionSecurity } from './engine.js';
import { listen } from './listen.js';
import { fail } from './options.js';

/**
 * How often a hold records activity: as often as the engine records a person's (see `REST` in
 * activity.ts), so the session reads as a user working without a pause, in every tab.
 */
const EVERY = 1000;

/**
 * Keeps `session` alive while `work` is pending (an upload, a long report, a video call): the
 * session counts as active, in every tab of the browser, and the server hears of it at the usual
 * reconciliation points. When `work` settles, fulfilled or rejected, the idle time counts from
 * then (within a second). Holds may overlap. None outlives the session: once it ended (an
 * absolute lifetime, a logout, the server) a hold changes nothing.
 * @returns the function that lets go of the hold before `work` settles.
 * @throws TypeError when `work` is not a promise (a thenable).
 */
export function hold(session: SessionSecurity, work: PromiseLike<unknown>): () => void {
  if (typeof (work as Partial<PromiseLike<unknown>> | null)?.then != 'function')
    fail('work', work, 'must be a promise');
  session.activity();
  const timer = setInterval(() => session.activity(), EVERY);
  const unlisten = listen(session, 'expire', () => clearInterval(timer));
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    clearInterval(timer);
    unlisten();
    session.activity();
  };
  work.then(release, release);
  return release;
}
