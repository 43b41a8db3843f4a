/**
 * When the live region speaks next, in seconds left, after it spoke (or the dialog opened) at
 * `spokenAt`: at least 15 s later, on a whole minute above a minute and a quarter minute below,
 * then once more at 10 s; -1 for never. Users of timeout dialogs that speak every second
 * report it as noise.
 */
export function nextAnnouncement(spokenAt: number): number {
  const at = spokenAt - 15;
  return at >= 60 ? at - (at % 60) : at >= 15 ? at - (at % 15) : spokenAt >= 15 ? 10 : -1;
}
