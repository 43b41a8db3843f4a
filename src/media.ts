import type { SessionSecurity } from './engine.js';
import { listen } from './listen.js';

/** How often playing media records activity: as often as a person's is recorded (see `REST` in activity.ts). */
const EVERY = 1000;

/**
 * Counts a playing `<video>` or `<audio>` of the page as activity (a lecture, a webinar): the
 * session stays active in every tab while one plays, and the idle time counts from when the last
 * one paused, ended or left the document (within a second). Media added later counts too. Nothing
 * outlives the session: once it ended, playing media changes nothing.
 * @returns the function that stops it.
 */
export function media(session: SessionSecurity): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  // Looks while some media plays, and stops looking when none does.
  const look = () => {
    const media = [...document.querySelectorAll<HTMLMediaElement>('video, audio')];
    if (media.some((element) => !element.paused)) return session.activity();
    clearInterval(timer);
    timer = undefined;
  };
  const start = () => {
    timer ??= setInterval(look, EVERY);
    look();
  };
  // Media events do not bubble: the document hears them as they capture.
  const stops = [listen(document, 'playing', start, { capture: true })];
  const stop = () => {
    clearInterval(timer);
    stops.forEach((stop) => stop());
  };
  stops.push(listen(session, 'expire', stop));
  start();
  return stop;
}
