/**
 * The locales of the classic script: each `dist/locales/<tag>.min.js` registers its locale in
 * `window.sessionSecurityLocales`, which the classic script's dialog reads when it is made (at
 * construction): a locale script is loaded before the SDK's script tag.
 */
import type { DialogOptions, Locale } from '../dialog/options.js';
import { chooseLocale } from '../dialog/choose-locale.js';

/** `window.sessionSecurityLocales`: the locales the page loaded, shared by their scripts. */
export interface Registry {
  locales: Locale[];
  /** `options` with the texts of their `lang`, else of the page's language, under their own. */
  localize<T extends DialogOptions>(options: T): T;
}

/** The page's window, where the locale scripts and the classic script meet. */
type Global = { sessionSecurityLocales?: Registry };

/** Makes `locale` one the classic script's dialog may speak. */
export function register(locale: Locale): void {
  ((window as Global).sessionSecurityLocales ??= {
    locales: [],
    localize(options) {
      // A malformed or mistyped `lang` chooses nothing; the dialog refuses it by name.
      const lang = typeof options.lang == 'string' && options.lang ? options.lang : undefined;
      const localized: Record<string, unknown> = { ...chooseLocale(this.locales, lang) };
      // An option set to undefined is not set: the locale's text stays.
      for (const [name, value] of Object.entries(options)) if (value !== undefined) localized[name] = value;
      return localized as typeof options;
    },
  }).locales.push(locale);
}

/** The classic script's dialog options, with the locale of their language when the page loaded it (see src/dialog/localize.ts). */
export const localize = <T extends DialogOptions>(options: T): T =>
  (window as Global).sessionSecurityLocales?.localize(options) ?? options;
