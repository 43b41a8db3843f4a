import { listen } from './listen.js';
import type { WarningView } from './types.js';

/** `seconds` as a clock reads it: "0:45", "12:05". */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * A warning in the tab's title, for a tab in the background: while the warning shows and the tab
 * is hidden, the page's title starts with the time left ("(0:45) Inbox"). It is restored when the
 * warning ends or the tab is shown, and never touched otherwise: a title the page set meanwhile
 * stays.
 */
export function titleCountdown(): WarningView {
  /** The page's own title, while ours shows. */
  let own: string | undefined;
  let ours = '';
  let secondsLeft = -1;
  let stop = () => {};
  const render = () => {
    if (secondsLeft >= 0 && document.hidden) {
      if (document.title != ours) own = document.title;
      ours = document.title = `(${clock(secondsLeft)}) ${own}`;
    } else if (own !== undefined) {
      if (document.title == ours) document.title = own;
      own = undefined;
    }
  };
  return {
    show(seconds) {
      secondsLeft = seconds;
      stop();
      stop = listen(document, 'visibilitychange', render);
      render();
    },
    update(seconds) {
      secondsLeft = seconds;
      render();
    },
    hide() {
      secondsLeft = -1;
      stop();
      render();
    },
  };
}
