/**
 * The locales of the classic script: each `dist/locales/<tag>.min.js` registers its locale in
 * `window.sessionSecurityLocales`, which the classic script's dialog reads when it is made (at
 * construction): a locale script is loaded before the SDK's script tag.
 */
import type { Locale } from '../dialog/options.js';
import { chooseLocale } from '../dialog/choose-locale.js';
import { option } from '../options.js';

/** `window.sessionSecurityLocales`: the locales the page loaded, shared by their scripts. */
export interface Registry {
  locales: Locale[];
  /** Text `name` of the locale of `options.lang`, else of the page's language; undefined without one. */
  text(options: { lang?: unknown }, name: keyof Locale): string | undefined;
}

/** The page's window, where the locale scripts and the classic script meet. */
type Global = { sessionSecurityLocales?: Registry };

/** Makes `locale` one the classic script's dialog may speak. */
export function register(locale: Locale): void {
  ((window as Global).sessionSecurityLocales ??= {
    locales: [],
    text({ lang }, name) {
      // A malformed or mistyped `lang` chooses nothing; the dialog refuses it by name.
      return chooseLocale(this.locales, typeof lang == 'string' && lang ? lang : undefined)?.[name];
    },
  }).locales.push(locale);
}

/**
 * A text option of the classic script's dialog or lifetime warning: the page's, else that of the
 * locale of its language the page loaded, else `fallback` (see src/dialog/localize.ts).
 */
export const text = (options: object, name: keyof Locale, fallback: string): string =>
  option(options, name, 'string', (window as Global).sessionSecurityLocales?.text(options, name) ?? fallback);
