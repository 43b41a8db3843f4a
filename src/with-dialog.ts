import { createDialog, type DialogOptions } from './dialog/index.js';
import { SessionSecurity as Engine } from './engine.js';
import { formGuard } from './form-guard.js';
import { acceptFrameActivity, checkOrigin, relayActivity } from './frames.js';
import { watchLogoutLinks } from './leave.js';
import { listen } from './listen.js';
import { holdWhilePlaying } from './media.js';
import { titleCountdown } from './title.js';
import { option, type CoreOptions } from './options.js';
import type { Platform } from './platform.js';
import type { WarningView } from './types.js';
import { VERSION } from './version.js';

/** Two views of one warning. */
const both = (first: WarningView, second: WarningView): WarningView => ({
  show: (secondsLeft, extendable) => (first.show(secondsLeft, extendable), second.show(secondsLeft, extendable)),
  update: (secondsLeft) => (first.update(secondsLeft), second.update(secondsLeft)),
  hide: () => (first.hide(), second.hide()),
});

/**
 * Every option: the engine's, the dialog's, and the page's own: its forms, frames, media and
 * title. Here `logoutUrl` also ends the session in every tab when the page's own link or form to
 * it is used.
 */
export interface SessionSecurityOptions extends CoreOptions, DialogOptions {
  /**
   * With a message, leaving the page while one of its forms has unsaved changes asks the
   * browser's confirmation (browsers show their own text). Never blocks the end of the session.
   * Fields and forms with the attribute `data-session-security-ignore` (a search box, filters)
   * never count as changes.
   */
  confirmFormDiscard?: string;
  /**
   * Origins of frames whose user's activity counts, such as `['https://viewer.example']`: they
   * post the message `'session-security:activity'` to this page (with the SDK's `parentOrigin`,
   * or one line of their own). Any other origin or message is ignored. @default []
   */
  frameOrigins?: string[];
  /** For a page framed by another origin: tells the parent page at this origin of this page's activity. */
  parentOrigin?: string;
  /** A playing `<video>` or `<audio>` of the page counts as activity (training videos, calls). @default false */
  mediaActivity?: boolean;
  /** While the warning shows and the tab is hidden, its title starts with the time left: "(0:45) Inbox". @default false */
  titleCountdown?: boolean;
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
    /** @internal */ dialog = (session: Engine): WarningView => createDialog(session, options),
  ) {
    const confirmFormDiscard = option<string | undefined>(options, 'confirmFormDiscard', 'string', undefined);
    const origins = option<string[]>(options, 'frameOrigins', 'array', []);
    const parentOrigin = option(options, 'parentOrigin', 'string', '');
    for (const origin of origins) checkOrigin('frameOrigins', origin);
    if (parentOrigin) checkOrigin('parentOrigin', parentOrigin);
    const media = option(options, 'mediaActivity', 'boolean', false);
    const title = option(options, 'titleCountdown', 'boolean', false) && titleCountdown();
    super(options, platform, (session, custom = dialog(session)) => (title ? both(custom, title) : custom));
    this.confirmFormDiscard = confirmFormDiscard;
    const { logoutUrl } = options;
    const stops = [
      formGuard(this, () => this.confirmFormDiscard),
      // Validated by the engine by now.
      logoutUrl ? watchLogoutLinks(logoutUrl, () => this._loggingOut()) : () => {},
      acceptFrameActivity(origins, () => this.activity()),
      parentOrigin ? listen(this, 'activity', relayActivity(parentOrigin)) : () => {},
      media ? holdWhilePlaying((promise) => this.hold(promise)) : () => {},
    ];
    this.#unguard = () => stops.forEach((stop) => stop());
  }

  override destroy(): void {
    super.destroy();
    this.#unguard();
  }
}
