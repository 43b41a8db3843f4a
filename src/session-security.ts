/**
 * session-security: logs out inactive users, in every tab of the browser, with an accessible
 * warning dialog. This entry has the dialog and the form guard; `session-security/core` is the
 * engine alone.
 * @packageDocumentation
 */
import { SessionSecurity as Engine, type CoreOptions, type Platform } from './core.js';
import { createDialog, type DialogOptions } from './dialog/index.js';
import { formGuard } from './form-guard.js';
import { option } from './options.js';
import type { WarningView } from './types.js';
import { VERSION } from './version.js';

export type * from './types.js';
export type { CoreOptions, DialogOptions, Platform };

/** Every option: the engine's, the dialog's, and the form guard. */
export interface SessionSecurityOptions extends CoreOptions, DialogOptions {
  /**
   * With a message, leaving the page while one of its forms has unsaved changes asks the
   * browser's confirmation (browsers show their own text). Never blocks the end of the session.
   */
  confirmFormDiscard?: string;
}

/**
 * Logs out an inactive user: tracks activity in every tab of the browser, pings the server,
 * warns in an accessible dialog before the end, and ends the session in every tab.
 * It starts when constructed.
 *
 * @example
 * ```js
 * const session = new SessionSecurity({ pingUrl: '/session_security/ping/', warnAfter: 540, expireAfter: 600 });
 * session.addEventListener('expire', (e) => saveDraft());
 * ```
 */
export class SessionSecurity extends Engine {
  /** This SDK's version. */
  static readonly version: string = VERSION;

  /** The form guard's message; `undefined` turns the guard off, also after construction. */
  confirmFormDiscard: string | undefined;
  #unguard: () => void;

  /**
   * Validates `options` and starts.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @throws TypeError or RangeError naming the first bad option and its value.
   */
  constructor(options: SessionSecurityOptions, platform?: Platform) {
    super(options, platform);
    this.confirmFormDiscard = option(options, 'confirmFormDiscard', 'string', undefined);
    this.#unguard = formGuard(this, () => this.confirmFormDiscard);
  }

  override destroy(): void {
    super.destroy();
    this.#unguard();
  }

  /** @internal */
  protected override _view(options: SessionSecurityOptions): WarningView | undefined {
    return createDialog(this, options);
  }
}
