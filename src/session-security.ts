/**
 * session-security: logs out inactive users, in every tab of the browser, with an accessible
 * warning dialog. This entry has the dialog and the form guard; `session-security/core` is the
 * engine alone. The dialog's texts in other languages are `session-security/locales/<tag>`.
 * @packageDocumentation
 */
export { SessionSecurity } from './with-dialog.js';
export type { SessionSecurityOptions } from './with-dialog.js';
export type { DialogOptions, Locale } from './dialog/index.js';
export { chooseLocale } from './dialog/choose-locale.js';
export type { HttpPingOptions } from './http-ping.js';
export type { CoreOptions } from './options.js';
export type { KeyValue, Platform, Transport } from './platform.js';
export type {
  ErrorEventDetail,
  ExpireEventDetail,
  ExpireReason,
  PingAnswer,
  PingErrorReason,
  PingEventDetail,
  PingFunction,
  SessionSecurityEventMap,
  SessionSnapshot,
  SessionState,
  SnapshotListener,
  WarnEventDetail,
  WarningView,
} from './types.js';
