import { DEVELOPMENT } from './development.js';
import { SessionSecurity as Engine } from './engine.js';
import { CORE_OPTIONS } from './option-names.js';
import { fail, type CoreOptions } from './options.js';
import { djangoPing } from './ping.js';
import type { Platform } from './platform.js';
import { warnUnknown } from './unknown-options.js';

/** The full SDK's HTTP options (`HttpPingOptions`): a `ping` function does their work here. */
const HTTP_OPTIONS = [
  'pingMethod',
  'idleParam',
  'headers',
  'credentials',
  'parseResponse',
  'csrfCookie',
  'csrfMeta',
  'csrfHeader',
];

/**
 * Logs out an inactive user: tracks activity in every tab of the browser, pings the server,
 * warns before the end and ends the session in every tab. It starts when constructed.
 *
 * This is the engine alone: it speaks django-session-security's contract to `pingUrl`, or the
 * page's `ping` function; without a `view` option, the warning is only the `warn` event.
 *
 * @example
 * ```js
 * const session = new SessionSecurity({ pingUrl: '/session_security/ping/', view: myWarning });
 * ```
 */
export class SessionSecurity extends Engine {
  /**
   * Validates every option, then starts: a rejected construction leaves nothing running.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @throws TypeError or RangeError naming the first bad option and its value; the HTTP options
   * of the full SDK (`pingMethod`, `headers`…) are refused by name, never silently ignored.
   */
  constructor(options: CoreOptions, platform?: Platform) {
    for (const name of HTTP_OPTIONS) {
      const value = (options as Record<string, unknown> | null | undefined)?.[name];
      if (value !== undefined)
        fail(name, value, 'is for "session-security"; with "session-security/core", give a "ping" function');
    }
    super(options, platform, undefined, djangoPing);
    // A subclass of the page's own may take options of its own.
    if (DEVELOPMENT && new.target == SessionSecurity) warnUnknown(options, CORE_OPTIONS);
  }
}
