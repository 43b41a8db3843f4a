/**
 * session-security: logs out inactive users, in every tab of the browser, with an accessible
 * warning dialog. This entry has the dialog; `session-security/core` is the engine alone.
 * @packageDocumentation
 */
export { SessionSecurity } from './core';
export type * from './types';
export type { CoreOptions, Platform } from './core';
