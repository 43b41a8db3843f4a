import type { PingAnswer, PingFunction, WarningView } from './types';

/** Options of the engine: timing, the ping contract, tabs. Times are in seconds. */
export interface CoreOptions {
  /** The ping endpoint (django-session-security: `/session_security/ping/`). Required unless `ping` is a function. */
  pingUrl?: string;
  /** A ping contract of your own, for any backend; replaces `pingUrl` and the `ping*` options. */
  ping?: PingFunction;
  /** Seconds of inactivity before the warning shows. @default 540 */
  warnAfter?: number;
  /** Seconds of inactivity before the session ends. @default 600 */
  expireAfter?: number;
  /** Where to go when the session ends. @default reloads the page, so the server redirects to its login */
  returnToUrl?: string;
  /** The page's logout URL: a link or form towards it, or `logout()`, ends the session in every tab. */
  logoutUrl?: string;
  /** DOM events that count as activity. @default ['pointerdown','pointermove','keydown','wheel','scroll','touchstart','touchmove','click'] */
  events?: string[];
  /** Count only events the user made (`event.isTrusted`). @default true */
  trustedEventsOnly?: boolean;
  /** HTTP method of the ping. POST sends the CSRF token. @default 'GET' */
  pingMethod?: 'GET' | 'POST';
  /** Name of the idle-seconds parameter. @default 'idleFor' */
  idleParam?: string;
  /** Extra request headers of the ping. */
  headers?: Record<string, string>;
  /** Credentials mode of the ping. @default 'same-origin' */
  credentials?: RequestCredentials;
  /** Seconds before a ping is abandoned as a `timeout` error. @default 10 */
  pingTimeout?: number;
  /** Reads a ping response (status 2xx) into the server's idle seconds or `'logout'`; throw if it is unreadable. */
  parseResponse?: (response: Response) => Promise<PingAnswer>;
  /** Cookie holding the CSRF token sent with a POST ping. @default 'csrftoken' */
  csrfCookie?: string;
  /** `<meta name>` holding the CSRF token, read when the cookie is absent. @default 'csrf-token' */
  csrfMeta?: string;
  /** Header carrying the CSRF token. @default 'X-CSRFToken' */
  csrfHeader?: string;
  /** Tabs sharing a namespace act as one session. @default derived from the ping URL */
  namespace?: string;
  /** Renders the warning instead of the built-in dialog. */
  view?: WarningView;
}

/** Validated options with defaults, times in milliseconds. */
export interface Config {
  ping: PingFunction | undefined;
  pingUrl: string;
  warnAfter: number;
  expireAfter: number;
  returnToUrl: string | undefined;
  logoutUrl: string | undefined;
  events: string[];
  trustedEventsOnly: boolean;
  pingMethod: 'GET' | 'POST';
  idleParam: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  pingTimeout: number;
  parseResponse: ((response: Response) => Promise<PingAnswer>) | undefined;
  csrfCookie: string;
  csrfMeta: string;
  csrfHeader: string;
  namespace: string;
}

const fail = (name: string, value: unknown, must: string, range?: boolean): never => {
  const Err = range ? RangeError : TypeError;
  throw new Err(`session-security: option "${name}" ${must}, got ${typeof value == 'string' ? JSON.stringify(value) : String(value)}`);
};

/** Checks `value` is of `type` (or undefined, which gives `fallback`). */
export function option<T>(options: object, name: string, type: string, fallback: T): T {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (type == 'array' ? !Array.isArray(value) || value.some((v) => typeof v != 'string') : typeof value != type)
    fail(name, value, `must be ${type == 'array' ? 'a list of strings' : `a ${type}`}`);
  return value as T;
}

const seconds = (options: object, name: string, fallback: number, min = 0) => {
  const value = option(options, name, 'number', fallback);
  if (!Number.isFinite(value) || value < min) fail(name, value, `must be a finite number of seconds >= ${min}`, true);
  return value * 1000;
};

export const DEFAULT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart', 'touchmove', 'click'];

/** Validates every option; throws a TypeError or RangeError naming the option and the value. */
export function configure(options: CoreOptions): Config {
  if (!options || typeof options != 'object') fail('options', options, 'must be an object');
  const ping = option<PingFunction | undefined>(options, 'ping', 'function', undefined);
  const pingUrl = option(options, 'pingUrl', 'string', '');
  if (!ping && !pingUrl) fail('pingUrl', options.pingUrl, 'is required (or give a "ping" function)');
  const warnAfter = seconds(options, 'warnAfter', 540);
  const expireAfter = seconds(options, 'expireAfter', 600, 1);
  if (warnAfter >= expireAfter) fail('warnAfter', warnAfter / 1000, `must be less than expireAfter (${expireAfter / 1000})`, true);
  const pingMethod = option(options, 'pingMethod', 'string', 'GET');
  if (pingMethod != 'GET' && pingMethod != 'POST') fail('pingMethod', pingMethod, 'must be "GET" or "POST"');
  const headers = option(options, 'headers', 'object', {}) ?? fail('headers', null, 'must be an object');
  const view = option<WarningView | undefined>(options, 'view', 'object', undefined);
  if (view) for (const m of ['show', 'update', 'hide'] as const) if (typeof view[m] != 'function') fail(`view.${m}`, view[m], 'must be a function');
  return {
    ping,
    pingUrl,
    warnAfter,
    expireAfter,
    returnToUrl: option(options, 'returnToUrl', 'string', undefined),
    logoutUrl: option(options, 'logoutUrl', 'string', undefined),
    events: option(options, 'events', 'array', DEFAULT_EVENTS),
    trustedEventsOnly: option(options, 'trustedEventsOnly', 'boolean', true),
    pingMethod,
    idleParam: option(options, 'idleParam', 'string', 'idleFor'),
    headers,
    credentials: option(options, 'credentials', 'string', 'same-origin'),
    pingTimeout: seconds(options, 'pingTimeout', 10, 0.001),
    parseResponse: option(options, 'parseResponse', 'function', undefined),
    csrfCookie: option(options, 'csrfCookie', 'string', 'csrftoken'),
    csrfMeta: option(options, 'csrfMeta', 'string', 'csrf-token'),
    csrfHeader: option(options, 'csrfHeader', 'string', 'X-CSRFToken'),
    namespace: option(options, 'namespace', 'string', '') || `session-security:${pingUrl || 'custom'}`,
  };
}
