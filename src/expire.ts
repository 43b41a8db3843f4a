/** Longest time the page may take to save a draft before the session's page is left. */
export const SAVE_LIMIT = 2000;

/**
 * Hides the page behind an opaque layer, so nothing confidential stays readable while the
 * browser navigates away. It goes to the top layer where supported, above any open modal.
 */
export function coverPage(): void {
  const layer = document.createElement('div');
  // CSSOM writes are allowed under a strict Content-Security-Policy; a style attribute is not.
  layer.style.cssText =
    'position:fixed;inset:0;width:auto;height:auto;max-width:none;max-height:none;margin:0;border:0;padding:0;z-index:2147483647;background:Canvas';
  layer.popover = 'manual';
  (document.body ?? document.documentElement).append(layer);
  layer.showPopover?.();
}
