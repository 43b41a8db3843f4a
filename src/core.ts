/**
 * session-security/core: the engine alone (activity in every tab, the ping, the expiry), for a
 * page that renders the warning itself, with the `view` option or the events.
 * @packageDocumentation
 */
export { SessionSecurity } from './core-engine.js';
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
