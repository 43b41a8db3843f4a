/**
 * The dialog's default stylesheet, also built as `dist/session-security.css` for pages that set
 * `injectStyles: false`. Themed by the custom properties `--session-security-bg`, `-fg`, `-accent`,
 * `-on-accent`, `-backdrop`, `-space`, `-radius` and `-font` (on `:root` or on the dialog).
 * Light or dark as the user prefers (system colours under `color-scheme`); the accent is readable on both.
 * Plain JavaScript: the build reads this file to write the .css file.
 */
export const STYLES =
  '.session-security{color-scheme:light dark;box-sizing:border-box;width:28rem;padding:var(--session-security-space,1.5rem);border:1px solid #0000;' +
  'border-radius:var(--session-security-radius,.5rem);background:var(--session-security-bg,Canvas);color:var(--session-security-fg,CanvasText);font-family:var(--session-security-font)}' +
  '.session-security::backdrop{background:var(--session-security-backdrop,#000a)}' +
  '.session-security h2{margin-top:0}' +
  // Visually hidden: for screen readers only.
  '.session-security [role=status]{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '.session-security div{display:flex;justify-content:end;gap:.5em}' +
  '.session-security button{padding:.5em 1em;border:1px solid var(--session-security-accent,#2563eb);border-radius:var(--session-security-radius,.5rem);background:none;color:inherit;font:inherit}' +
  '.session-security button:first-child{background:var(--session-security-accent,#2563eb);color:var(--session-security-on-accent,#fff)}' +
  '@media(prefers-reduced-motion:no-preference){.session-security{animation:session-security .2s}}' +
  '@keyframes session-security{from{opacity:0;translate:0 1rem}}';
