import { configure, type CoreOptions } from './options.js';
import { browserPlatform, type Platform } from './platform.js';
import { startSession, type Session } from './session.js';
import type { SessionSecurityEventMap, SessionState, WarningView } from './types.js';

export type * from './types.js';
export type { CoreOptions, Platform };

type Listener<K extends keyof SessionSecurityEventMap> = (this: SessionSecurity, event: SessionSecurityEventMap[K]) => unknown;

export interface SessionSecurity {
  addEventListener<K extends keyof SessionSecurityEventMap>(type: K, listener: Listener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SessionSecurityEventMap>(type: K, listener: Listener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Logs out an inactive user: tracks activity in every tab of the browser, pings the server,
 * warns before the end and ends the session in every tab. It starts when constructed.
 *
 * This is the engine alone: without a `view` option, the warning is only the `warn` event.
 */
export class SessionSecurity extends EventTarget {
  #s: Session;

  /**
   * Validates `options` and starts.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @throws TypeError or RangeError naming the first bad option and its value.
   */
  constructor(options: CoreOptions, platform?: Platform) {
    super();
    const c = configure(options);
    this.#s = startSession(this, c, platform ?? browserPlatform(), c.view ?? this._view(options));
  }

  /** Where the session stands. */
  get state(): SessionState {
    return this.#s.state();
  }

  /** Whole seconds since the last activity in any tab. */
  get idleSeconds(): number {
    return this.#s.idle();
  }

  /** Whole seconds until the session ends, unless there is activity. */
  get remainingSeconds(): number {
    return this.#s.left();
  }

  /** Records activity, as a user event does: dismisses the warning in every tab and tells the server. */
  activity(): void {
    this.#s.activity();
  }

  /** Ends the session now in every tab, then goes to `logoutUrl` (else `returnToUrl`, else reloads). */
  logout(): void {
    this.#s.end('logout');
  }

  /** Stops: removes every listener, timer and channel it made, and hides the warning. */
  destroy(): void {
    this.#s.destroy();
  }

  /**
   * The view used when the `view` option is absent: none here; the dialog in the full SDK.
   * @internal
   */
  protected _view(_options: CoreOptions): WarningView | undefined {
    return;
  }
}
