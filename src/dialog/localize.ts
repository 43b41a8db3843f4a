import { option } from '../options.js';
import type { Locale } from './options.js';

/**
 * A text option of the dialog or of the lifetime's warning: the page's, else `fallback` (English).
 * In the ES package the page spreads the locale it imports into the options. The classic script
 * is built with src/locales/script-tag.ts's `text` in this module's place (rollup.config.mjs),
 * which falls back to the locale the page loaded with a script tag first.
 * @throws TypeError naming the option when it is set and not a string.
 */
export const text = (options: object, name: keyof Locale, fallback: string): string =>
  option(options, name, 'string', fallback);
