/** Options of the warning dialog. Every text is set as text, never parsed as HTML. */
export interface DialogOptions {
  /** The dialog's heading. @default 'Your session is about to expire' */
  title?: string;
  /** The countdown; `{time}` becomes the time left in words ("45 seconds"). @default 'You will be signed out in {time}.' */
  message?: string;
  /** The button that keeps the session. @default 'Stay signed in' */
  stayButton?: string;
  /** The button that ends the session at once, shown when `logoutUrl` is set. @default 'Sign out now' */
  logoutButton?: string;
  /**
   * The language of the texts, a BCP 47 tag such as `'de'`: the dialog's `lang` attribute and the
   * language of the time in words. With the script tag, also the language of the locale chosen.
   * @default the page's `<html lang>` (the closest `lang` attribute), else the browser's
   */
  lang?: string;
  /** Nonce of the injected `<style>`, for a Content-Security-Policy without `'unsafe-inline'`. @default the page's script nonce (one per response, the same for every script) */
  styleNonce?: string;
  /** Injects the default stylesheet; `false` when the page links `session-security.css` or styles the dialog itself. @default true */
  injectStyles?: boolean;
}

/** What the dialog asks of the session (a `SessionSecurity`). */
export interface DialogSession {
  activity(): void;
  logout(): void;
}

/**
 * The dialog's texts in one language, a plain object: `session-security/locales/<tag>` exports one
 * per language. Spread into the options (`{ pingUrl, ...pl }`); a text the page sets after it wins.
 * The lifetime's texts are those of the absolute lifetime's warning, which nothing extends.
 */
export interface Locale {
  /** Its BCP 47 tag, such as `'pt-BR'`: the `lang` option. */
  lang: string;
  /** The warning's heading. */
  title: string;
  /** The countdown; `{time}`, exactly once, becomes the time left in words of `lang`. */
  message: string;
  /** The button that keeps the session. */
  stayButton: string;
  /** The button that ends the session at once. */
  logoutButton: string;
  /** The absolute lifetime warning's heading. */
  lifetimeTitle: string;
  /** Its countdown, saying that nothing extends the session; `{time}` exactly once. */
  lifetimeMessage: string;
  /** The button that closes it, extending nothing. */
  closeButton: string;
}
