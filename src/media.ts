import { listen } from './listen.js';

/** Media events that start or end playback; they do not bubble, so they are captured. */
const EVENTS = ['playing', 'pause', 'ended', 'emptied'];

/**
 * Holds the session (see `SessionSecurity.hold`) while a `<video>` or `<audio>` of the page
 * plays: until it pauses, ends or empties. Removed media pauses, by the HTML standard
 * (https://html.spec.whatwg.org/multipage/media.html#playing-the-media-resource). Returns the cleanup.
 */
export function holdWhilePlaying(hold: (promise: Promise<void>) => unknown): () => void {
  const playing = new Set<EventTarget | null>();
  let release: (() => void) | undefined;
  const track = ({ type, target }: Event) => {
    if (type == 'playing') playing.add(target);
    else playing.delete(target);
    if (!playing.size) release = void release?.();
    else if (!release) hold(new Promise<void>((done) => (release = done)));
  };
  const stops = EVENTS.map((type) => listen(document, type, track, { capture: true }));
  return () => {
    stops.forEach((stop) => stop());
    release?.();
  };
}
