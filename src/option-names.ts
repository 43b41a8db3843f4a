import type { Locale } from './dialog/options.js';
import type { FrameActivityOptions } from './frame-activity.js';
import type { LegacyOptions } from './legacy.js';
import type { LifetimeOptions } from './lifetime.js';
import { DEFAULTS, type CoreOptions } from './options.js';
import type { SessionSecurityOptions } from './with-dialog.js';

// The names of the options, for the development builds' warning of an unknown one (see
// unknown-options.ts): the production builds drop them. Each type keeps its list complete.

/** Every option of `session-security/core`. */
export const CORE_OPTIONS = { ...DEFAULTS, ping: 0, view: 0 } satisfies Record<keyof CoreOptions, unknown>;

/**
 * Every option of `session-security` (the HTTP contract's named here: the classic script's
 * modules stay in their order, and its gzip with them). Also a locale's texts, spread into the
 * options, and the features' options, which the script tag's attributes give along with the others.
 */
export const OPTIONS = {
  ...CORE_OPTIONS,
  pingMethod: 0,
  idleParam: 0,
  headers: 0,
  credentials: 0,
  parseResponse: 0,
  csrfCookie: 0,
  csrfMeta: 0,
  csrfHeader: 0,
  title: 0,
  message: 0,
  stayButton: 0,
  logoutButton: 0,
  lang: 0,
  styleNonce: 0,
  injectStyles: 0,
  lifetimeTitle: 0,
  lifetimeMessage: 0,
  closeButton: 0,
  confirmFormDiscard: 0,
  endsAt: 0,
  warnBefore: 0,
  mediaActivity: 0,
  titleCountdown: 0,
  frameOrigins: 0,
} satisfies Record<
  // The script tag's `data-media-activity` and `data-title-countdown` start those features.
  | keyof SessionSecurityOptions
  | keyof Locale
  | keyof LifetimeOptions
  | keyof FrameActivityOptions
  | 'mediaActivity'
  | 'titleCountdown',
  unknown
>;

/** Every option of the Django drop-in, `yourlabs.SessionSecurity`. */
export const LEGACY_OPTIONS = { ...OPTIONS, expire: 0, showWarning: 0, hideWarning: 0 } satisfies Record<
  keyof LegacyOptions,
  unknown
>;
