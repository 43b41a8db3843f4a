/** Longest time the page may take to save a draft before the session's page is left. */
export const SAVE_LIMIT = 2000;
/** Least time between the end of a session and leaving the page, unless the page logged out itself. */
export const SETTLE = 1000;

/**
 * Hides the page behind an opaque layer, so nothing confidential stays readable while the
 * browser navigates away. It goes to the top layer where supported, above any open modal.
 */
export function coverPage(): void {
  const layer = document.createElement('div');
  // CSSOM writes are allowed under a strict Content-Security-Policy; a style attribute is not.
  // `all:initial` undoes the popover's own sizing and any page rule that matches a div.
  layer.style.cssText = 'all:initial;position:fixed;inset:0;z-index:2147483647;background:Canvas';
  layer.popover = 'manual';
  (document.body ?? document.documentElement).append(layer);
  layer.showPopover?.();
}
