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
  /** The language of the time in words, a BCP 47 tag such as `'de'`. @default the page's `<html lang>`, else the browser's */
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
