import { INPUT_EVENT } from './activity.js';
import type { Timing } from './idle-model.js';
import type { PingFunction, WarningView } from './types.js';

/** Options of the engine: timing, the ping contract, tabs. Times are in seconds. */
export interface CoreOptions {
  /**
   * The ping endpoint (django-session-security: `/session_security/ping/`), spoken to with its
   * contract. Required unless `ping` is a function.
   */
  pingUrl?: string;
  /** A ping contract of your own, for any backend; replaces `pingUrl` and the HTTP options. */
  ping?: PingFunction;
  /** Seconds of inactivity before the warning shows. @default 540 */
  warnAfter?: number;
  /** Seconds of inactivity before the session ends. @default 600 */
  expireAfter?: number;
  /** Where to go when the session ends. @default reloads the page, so the server redirects to its login */
  returnToUrl?: string;
  /**
   * The page's logout URL: `logout()` ends the session in every tab, then goes here. With the
   * full SDK (`session-security`, the script tag), a link or form towards it does too.
   */
  logoutUrl?: string;
  /**
   * The user's input events that count as activity: pointer, mouse, key and touch events,
   * `wheel`, `click`, `dblclick`, `contextmenu`. Never `scroll` or `focus`, which pages fire
   * themselves; the wheel, touch, key or pointer event behind the user's scrolling counts.
   * @default ['pointerdown','pointermove','keydown','wheel','touchstart','touchmove','click']
   */
  events?: string[];
  /** Count only events the user made (`event.isTrusted`). @default true */
  trustedEventsOnly?: boolean;
  /** Seconds before a ping is abandoned as a `timeout` error. @default 10 */
  pingTimeout?: number;
  /** Tabs sharing a namespace act as one session. @default derived from the ping URL */
  namespace?: string;
  /** Renders the warning instead of the built-in dialog. */
  view?: WarningView;
}

/** Every engine option's default; its type is also the option's type. */
export const DEFAULTS = {
  pingUrl: '',
  warnAfter: 540,
  expireAfter: 600,
  returnToUrl: '',
  logoutUrl: '',
  events: ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'touchmove', 'click'],
  trustedEventsOnly: true,
  pingTimeout: 10,
  namespace: '',
};

/** Validated options with defaults; `warnAfter`, `expireAfter` and `pingTimeout` in milliseconds, the engine's unit. */
export type Config = typeof DEFAULTS & Pick<CoreOptions, 'ping' | 'view'> & Pick<Timing, 'claim'>;

/** Throws the SDK's option error: it names the option and the value received. */
export const fail = (name: string, value: unknown, must: string, range?: boolean): never => {
  const shown = typeof value == 'string' ? JSON.stringify(value) : String(value);
  throw new (range ? RangeError : TypeError)(`session-security: option "${name}" ${must}, got ${shown}`);
};

/**
 * Checks `options[name]` is of `type` ('array': a list of strings); undefined gives `fallback`.
 * @throws TypeError naming the option and the value, also when `options` is no object.
 */
export function option<T>(options: object, name: string, type: string, fallback: T): T {
  if (!options || typeof options != 'object') fail('options', options, 'must be an object');
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  const list = type == 'array';
  if (
    list
      ? !Array.isArray(value) || value.some((item) => typeof item != 'string')
      : typeof value != type || value === null
  )
    fail(name, value, list ? 'must be a list of strings' : `must be of type ${type}`);
  return value as T;
}

/** Validates every option; throws a TypeError or RangeError naming the option and the value. */
export function configure(options: CoreOptions): Config {
  const config = { view: option(options, 'view', 'object', undefined) } as Config & Record<string, unknown>;
  config.ping = option(options, 'ping', 'function', undefined);
  for (const [name, fallback] of Object.entries(DEFAULTS)) {
    const value = option(options, name, Array.isArray(fallback) ? 'array' : typeof fallback, fallback);
    config[name] = value;
    if (typeof value == 'number') {
      if (!(value > 0 && value < Infinity)) fail(name, value, 'must be a positive number of seconds', true);
      config[name] = value * 1000;
    }
  }
  const { warnAfter, expireAfter, view } = config;
  if (!config.ping && !config.pingUrl) fail('pingUrl', options.pingUrl, 'is required (or give a "ping" function)');
  if (warnAfter >= expireAfter)
    fail('warnAfter', warnAfter / 1000, `must be less than expireAfter (${expireAfter / 1000})`, true);
  for (const type of config.events)
    if (!INPUT_EVENT.test(type)) fail('events', type, 'must be an input event a person makes', true);
  if (view)
    for (const method of ['show', 'update', 'hide'] as const)
      // eslint-disable-next-line @typescript-eslint/unbound-method -- only shown in the error, never called
      if (typeof view[method] != 'function') fail(`view.${method}`, view[method], 'must be a function');
  // The SDK never navigates to script (`javascript:`, `data:`): a page's options may
  // come from its users (a `?next=` rendered into its template). A link resolves a URL as
  // navigating to it would.
  const link = document.createElement('a');
  for (const name of ['returnToUrl', 'logoutUrl'] as const) {
    link.href = config[name];
    if (!/^https?:/.test(link.protocol)) fail(name, config[name], 'must be a relative or http(s) URL');
  }
  config.namespace ||= `session-security:${config.pingUrl || 'custom'}`;
  return config;
}
