import type { DialogOptions } from './options.js';

/**
 * The dialog's options with the texts of the page's language added. Nothing to add in the ES
 * package: there the page spreads the locale it imports into the options. The classic script is
 * built with src/locales/script-tag.ts's `localize` in this module's place (rollup.config.mjs),
 * which adds the locale that the page loaded with a script tag.
 */
export const localize = <T extends DialogOptions>(options: T): T => options;
