import { SessionSecurity } from './core';
import { formGuard } from './form-guard';
import type { CoreOptions } from './options';
import { option } from './options';
import { browserPlatform, type Platform } from './platform';
import type { WarningView } from './types';

/**
 * The options of django-session-security's `new yourlabs.SessionSecurity({...})`: `pingUrl`,
 * `warnAfter`, `expireAfter`, `returnToUrl`, `events` (old names such as `keyup` work), plus the
 * ones below. Every engine option works too.
 */
export interface LegacyOptions extends CoreOptions {
  /** Asks before leaving a page with a changed form; never blocks the end of the session. */
  confirmFormDiscard?: string;
  /** Replaces what happens when the session ends: the page leaves by itself. */
  expire?: () => void;
  /** Replaces how the warning shows. */
  showWarning?: (secondsLeft: number) => void;
  /** Replaces how the warning hides. */
  hideWarning?: () => void;
}

const OVERRIDES = ['expire', 'showWarning', 'hideWarning'] as const;
/** The elements of django-session-security's dialog.html: `#session_security_warning`, `#session_security_counter`. */
const byId = (id: string) => document.getElementById('session_security_' + id);

/**
 * Builds `yourlabs.SessionSecurity`: the old client's constructor and instance, on our engine.
 * It drives the page's own `#session_security_warning` markup (from the package's `all.html`),
 * else the view `createView` makes (our dialog), made at construction so bad options throw there.
 */
export function legacySessionSecurity(createView: (session: SessionSecurity, options: LegacyOptions) => WarningView) {
  class LegacySessionSecurity extends SessionSecurity {
    /** The form guard's message; set it to `undefined` to turn the guard off. */
    confirmFormDiscard: string | undefined;
    /** Made while the engine is constructed, before it starts. */
    declare _dialog: WarningView;
    /** The dialog while it shows. */
    #open: WarningView | undefined;
    #focused: Element | null = null;
    #leave: () => void;
    #unguard: () => void;

    constructor(options: LegacyOptions, platform: Platform = browserPlatform()) {
      // Every option is checked before the engine starts: a bad one leaves nothing running.
      const overrides = OVERRIDES.map((name) => [name, option<(() => void) | undefined>(options, name, 'function', undefined)] as const);
      const message = option(options, 'confirmFormDiscard', 'string', undefined);
      super(options, platform);
      for (const [name, fn] of overrides) if (fn) this[name] = fn;
      this.confirmFormDiscard = message;
      this.#leave = () => platform.navigate(options.returnToUrl ?? '');
      this.#unguard = formGuard(this, () => this.confirmFormDiscard);
      // Looked up when the session ends, so an `expire` assigned after construction counts.
      this.addEventListener('expire', (e) => {
        if (this.expire == builtInExpire) return;
        e.preventDefault();
        this.expire();
      });
    }

    /** Called when the session ended. Called by the page, it ends the session now, in every tab. */
    expire(): void {
      // An override that ends by calling this one leaves as the old client did.
      if (this.state == 'expired') this.#leave();
      else this.logout();
    }

    /** Shows the warning: the page's markup, focused, else our dialog. */
    showWarning(secondsLeft: number): void {
      const markup = byId('warning');
      if (!markup) return (this.#open = this._dialog).show(secondsLeft);
      this.#focused = document.activeElement;
      markup.style.display = 'block';
      markup.setAttribute('aria-hidden', 'false');
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

    override destroy(): void {
      super.destroy();
      this.#unguard();
    }

    /** Delegates to the methods at call time, so assigned overrides take effect. @internal */
    protected override _view(options: LegacyOptions): WarningView {
      this._dialog = createView(this, options);
      const count = (secondsLeft: number) => {
        const counter = byId('counter');
        if (counter) counter.textContent = String(secondsLeft);
      };
      return {
        show: (secondsLeft) => {
          count(secondsLeft);
          this.showWarning(secondsLeft);
        },
        update: (secondsLeft) => {
          count(secondsLeft);
          this.#open?.update(secondsLeft);
        },
        hide: () => this.hideWarning(),
      };
    }
  }
  const builtInExpire = LegacySessionSecurity.prototype.expire;
  return LegacySessionSecurity;
}
