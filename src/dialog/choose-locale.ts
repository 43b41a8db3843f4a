import type { Locale } from './options.js';

/** The locale a language without a region gets among several of its regions: Django's `pt` is European Portuguese. */
const REGIONLESS: Record<string, string> = { pt: 'pt-PT' };
/** Norwegian (`no`) and Nynorsk (`nn`) readers read Bokmål, the locale there is. */
const LANGUAGE: Record<string, string> = { no: 'nb', nn: 'nb' };

/** The language of the page where the dialog shows: the closest `lang` attribute, usually `<html lang>`. */
const pageLanguage = () => (document.body ?? document.documentElement).closest('[lang]')?.getAttribute('lang') ?? '';

/**
 * The locale among `locales` for the language `lang`, or undefined for English: the one of its
 * region (`pt-BR`), else the one of its language (`de` for `de-AT`; for Portuguese without a region,
 * or of another region, `pt-PT`), else any of its language (`pt-BR` for `pt` when only it is there).
 * The script must agree: `zh`, `zh-CN` and `zh-SG` get `zh-Hans`, `zh-TW` and `zh-HK` (Traditional
 * Chinese) do not. `no` and `nn` get `nb`. A malformed tag gets English.
 * @throws RangeError naming a locale's `lang` that is no language tag.
 * @param lang a BCP 47 tag. @default the page's language: the closest `lang` attribute, usually `<html lang>`
 */
export function chooseLocale(locales: readonly Locale[], lang = pageLanguage()): Locale | undefined {
  let page: Intl.Locale;
  try {
    page = new Intl.Locale(lang);
  } catch {
    return;
  }
  const language = LANGUAGE[page.language] ?? page.language;
  const { script } = page.maximize();
  let chosen: Locale | undefined;
  let best = 0;
  for (const locale of locales) {
    let own: Intl.Locale;
    try {
      own = new Intl.Locale(locale.lang);
    } catch {
      throw new RangeError(
        `session-security: a locale's "lang" must be a language tag, got ${JSON.stringify(locale.lang)}`,
      );
    }
    if (own.language != language || own.maximize().script != script) continue;
    const rank = own.region == page.region ? 3 : !own.region || REGIONLESS[language] == own.baseName ? 2 : 1;
    if (rank > best) [chosen, best] = [locale, rank];
  }
  return chosen;
}
