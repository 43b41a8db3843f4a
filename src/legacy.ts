import { createDialog, type DialogSession } from './dialog/index.js';
import { asTheOldClient } from './legacy-options.js';
import { makeModal } from './legacy-markup.js';
import { fail, option } from './options.js';
import { browserPlatform, type Platform } from './platform.js';
import type { WarningView } from './types.js';
import { DEVELOPMENT } from './development.js';
import { warnUnknown } from './unknown-options.js';
import { LEGACY_OPTIONS } from './option-names.js';
import type { SessionSecurity, SessionSecurityOptions } from './with-dialog.js';

/**
 * The options of django-session-security's `new yourlabs.SessionSecurity({...})`: `pingUrl`,
 * `warnAfter` and `expireAfter` (also as text), `returnToUrl` (any value, as `location.href` takes
 * it), `events` (old names such as `keyup` work), plus the ones below. Every engine option works too.
 */
export interface LegacyOptions extends SessionSecurityOptions {
  /** Replaces what happens when the session ends: the page leaves by itself. */
  expire?: () => void;
  /** Replaces how the warning shows. */
  showWarning?: (secondsLeft: number) => void;
  /** Replaces how the warning hides. */
  hideWarning?: () => void;
}

/** Makes the warning when the page has no markup of its own: the SDK's dialog. */
export type DialogFactory = (session: DialogSession, options: LegacyOptions) => WarningView;

const OVERRIDES = ['expire', 'showWarning', 'hideWarning'] as const;
/** The elements of django-session-security's dialog.html: `#session_security_warning`, `#session_security_counter`. */
const byId = (id: string) => document.getElementById('session_security_' + id);

/**
 * Builds `yourlabs.SessionSecurity` on `Base` (the SDK's class): the old client's constructor
 * and instance, with its form guard (`confirmFormDiscard`). It drives the page's own
 * `#session_security_warning` markup (from the package's `all.html`), else a dialog of
 * `dialog`, made at construction so bad options throw there.
 */
export function legacySessionSecurity(Base: typeof SessionSecurity, dialog: DialogFactory = createDialog) {
  class LegacySessionSecurity extends Base {
    /** Our dialog, for a page without the markup. */
    #dialog: WarningView;
    /** The dialog while it shows. */
    #open: WarningView | undefined;
    #focused: Element | null | undefined;
    /** Puts back what the warning changed on the page. */
    #undo: (() => void)[] = [];
    #leave: () => void;

    constructor(given: LegacyOptions, platform: Platform = browserPlatform()) {
      // Every option is checked before the engine starts: a bad one leaves nothing running.
      // Our copy of the options, read as the old client read them: every option is read from it,
      // so the engine can tell the unknown ones.
      if (!given || typeof given != 'object') fail('options', given, 'must be an object');
      const options = asTheOldClient(given);
      const overrides = OVERRIDES.map(
        (name) => [name, option<(() => void) | undefined>(options, name, 'function', undefined)] as const,
      );
      // The old client's `scroll` also counted the page scrolling itself; the wheel is the user's.
      const events = option<string[] | undefined>(options, 'events', 'array', undefined)?.map((type) =>
        type == 'scroll' ? 'wheel' : type,
      );
      if (events) options.events = events;
      const count = (secondsLeft: number) => {
        const counter = byId('counter');
        if (counter) counter.textContent = String(secondsLeft);
      };
      // The package's markup is hidden by a style attribute, which a Content-Security-Policy
      // refuses without 'unsafe-inline' for styles (https://www.w3.org/TR/CSP3/#directive-style-src-attr);
      // the old client hid it at construction, as this does, through the CSSOM that CSP allows.
      const markup = byId('warning');
      if (markup) markup.style.display = 'none';
      let ours!: WarningView;
      // Delegates to the methods at call time, so overrides assigned later take effect.
      super(options, platform, (engine) => {
        const session = engine as LegacySessionSecurity;
        ours = dialog(session, options);
        return {
          show: (secondsLeft) => {
            count(secondsLeft);
            session.showWarning(secondsLeft);
          },
          update: (secondsLeft) => {
            count(secondsLeft);
            session.#open?.update(secondsLeft);
          },
          // First the page as it was, so that the focus can go back to it.
          hide: () => {
            session.#undo.splice(0).forEach((undo) => undo());
            session.hideWarning();
          },
        };
      });
      this.#dialog = ours;
      if (DEVELOPMENT && new.target == LegacySessionSecurity) warnUnknown(given, LEGACY_OPTIONS);
      for (const [name, fn] of overrides) if (fn) this[name] = fn;
      this.#leave = () => platform.navigate(options.returnToUrl);
      // Looked up when the session ends, so an `expire` assigned after construction counts.
      this.addEventListener('expire', (event) => {
        if (this.expire == builtInExpire) return;
        event.preventDefault();
        this.expire();
      });
    }

    /** Called when the session ended. Called by the page, it ends the session now, in every tab. */
    expire(): void {
      // An override that ends by calling this one leaves as the old client did.
      if (this.state == 'expired') this.#leave();
      else this.logout();
    }

    /** Shows the warning: the page's markup, made an accessible modal and focused, else our dialog. */
    showWarning(secondsLeft: number): void {
      const markup = byId('warning');
      if (!markup) return (this.#open = this.#dialog).show(secondsLeft);
      this.#focused = document.activeElement;
      markup.style.display = 'block';
      markup.setAttribute('aria-hidden', 'false');
      makeModal(markup, this.#undo);
      markup.querySelector<HTMLElement>('.session_security_modal')?.focus();
    }

    /** Hides the warning and gives the focus back. */
    hideWarning(): void {
      this.#open?.hide();
      this.#open = undefined;
      const markup = byId('warning');
      if (!markup) return;
      markup.style.display = 'none';
      markup.setAttribute('aria-hidden', 'true');
      if (markup.contains(document.activeElement)) (this.#focused as HTMLElement | null)?.focus?.();
    }
  }
  // Compared, never called: an `expire` of the page's own replaces it.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const builtInExpire = LegacySessionSecurity.prototype.expire;
  return LegacySessionSecurity;
}
