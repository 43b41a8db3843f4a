import { DEVELOPMENT } from './development.js';
import { createDialog, type DialogOptions } from './dialog/index.js';
import { SessionSecurity as Engine } from './engine.js';
import { formGuard } from './form-guard.js';
import { httpPing, type HttpPingOptions } from './http-ping.js';
import { watchLogoutLinks } from './leave.js';
import { OPTIONS } from './option-names.js';
import { option, type CoreOptions } from './options.js';
import type { Platform } from './platform.js';
import type { WarningView } from './types.js';
import { warnUnknown } from './unknown-options.js';
import { VERSION } from './version.js';

/**
 * Every option: the engine's, the HTTP ping contract's, the dialog's, and the form guard. Here
 * `logoutUrl` also ends the session in every tab when the page's own link or form to it is used.
 */
export interface SessionSecurityOptions extends CoreOptions, HttpPingOptions, DialogOptions {
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
   * Validates every option (the dialog's too), then starts: a rejected construction leaves
   * nothing running.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @param view makes the warning when the `view` option is absent, once the options are valid: the dialog.
   * @throws TypeError or RangeError naming the first bad option and its value.
   */
  constructor(
    options: SessionSecurityOptions,
    platform?: Platform,
    /** @internal */ view = (session: Engine): WarningView => createDialog(session, options),
  ) {
    const confirmFormDiscard = option<string | undefined>(options, 'confirmFormDiscard', 'string', undefined);
    super(options, platform, view, httpPing(options));
    this.confirmFormDiscard = confirmFormDiscard;
    // A subclass (the Django drop-in, the page's own) may take options of its own.
    if (DEVELOPMENT && new.target == SessionSecurity) warnUnknown(options, OPTIONS);
    const unguard = formGuard(this, () => this.confirmFormDiscard);
    const { logoutUrl } = options;
    // Validated by the engine by now.
    const unwatch = logoutUrl ? watchLogoutLinks(logoutUrl, () => this._end('logout', false)) : () => {};
    this.#unguard = () => {
      unguard();
      unwatch();
    };
  }

  override destroy(): void {
    super.destroy();
    this.#unguard();
  }
}
