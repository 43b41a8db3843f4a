import type { SessionSecurity } from './engine.js';
import { listen } from './listen.js';
import type { SessionSnapshot } from './types.js';

/**
 * Shows the time left in the title of a hidden tab while the session warns ("(0:45) Inbox"): the
 * warning nobody sees in another tab, seen in the tab bar. The page's title is put back exactly
 * when the warning ends (activity, the end of the session) or the tab is shown; it is never touched
 * otherwise. A title the page sets meanwhile is the one counted down, and put back.
 * @returns the function that stops it, and puts the page's title back.
 */
export function titleCountdown(session: SessionSecurity): () => void {
  /** The title this shows, while it shows one; the page's own title while it does. */
  let ours: string | undefined;
  let own = '';
  const look = ({ state, secondsLeft }: SessionSnapshot) => {
    const page = document.title == ours ? own : document.title;
    if (state == 'warning' && document.hidden) {
      own = page;
      const seconds = String(secondsLeft % 60).padStart(2, '0');
      document.title = ours = `(${Math.floor(secondsLeft / 60)}:${seconds}) ${page}`;
    } else if (ours !== undefined) {
      document.title = page;
      ours = undefined;
    }
  };
  const stops = [session.subscribe(look), listen(document, 'visibilitychange', () => look(session.snapshot))];
  return () => {
    stops.forEach((stop) => stop());
    look({ state: 'active' });
  };
}
