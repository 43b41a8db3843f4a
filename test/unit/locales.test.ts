/// <reference types="vite/client" />
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDialog, type DialogOptions, type Locale } from '../../src/dialog';
import { formatTime } from '../../src/dialog/format';
import { chooseLocale } from '../../src/dialog/choose-locale';
import en from '../../src/locales/en';
import { register, text } from '../../src/locales/script-tag';

/** Every language of src/locales/, by its tag. */
const LOCALES: Record<string, Locale> = Object.fromEntries(
  Object.entries(import.meta.glob<Locale>('../../src/locales/*.ts', { eager: true, import: 'default' }))
    .map(([path, locale]) => [/([^/]+)\.ts$/.exec(path)![1], locale] as const)
    .filter(([name]) => !['script-tag'].includes(name)),
);
const TEXTS = [
  'title',
  'message',
  'stayButton',
  'logoutButton',
  'lifetimeTitle',
  'lifetimeMessage',
  'closeButton',
] as const;
const COUNTDOWNS = ['message', 'lifetimeMessage'] as const;
/** Words of the English texts that no other language's text has. */
const ENGLISH_WORDS = /\b(your|session is|you|will|signed|sign|stay|now|whatever|save|work|close|ending|expire)\b/i;

beforeAll(() => {
  HTMLDialogElement.prototype.showModal = vi.fn(function (this: HTMLDialogElement) {
    this.open = true;
  });
  HTMLDialogElement.prototype.close = vi.fn(function (this: HTMLDialogElement) {
    this.open = false;
  });
});
beforeEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.body.removeAttribute('lang');
  document.documentElement.lang = 'en';
  delete (window as { sessionSecurityLocales?: unknown }).sessionSecurityLocales;
});
afterEach(() => vi.restoreAllMocks());

const session = () => ({ activity: vi.fn(), logout: vi.fn() });
/** The dialog as the user sees it, `secondsLeft` before the end. */
const shown = (options: Parameters<typeof createDialog>[1], secondsLeft = 45) => {
  createDialog(session(), { logoutUrl: '/out', ...options }).show(secondsLeft);
  const dialog = document.querySelector('dialog')!;
  const [stay, leave] = dialog.querySelectorAll('button');
  return {
    dialog,
    title: dialog.querySelector('h2')!.textContent,
    message: dialog.querySelector('[aria-hidden="true"]')!.textContent,
    stayButton: stay.textContent,
    logoutButton: leave.textContent,
  };
};

describe('the languages', () => {
  it('are the 23 of the issue, English included', () => {
    expect(Object.keys(LOCALES).sort()).toEqual(
      // prettier-ignore
      ['ar', 'ca', 'cs', 'da', 'de', 'en', 'es', 'fi', 'fr', 'he', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt-BR', 'pt-PT', 'ru', 'sv', 'tr', 'uk', 'zh-Hans'],
    );
  });

  it('English is the dialog built in, in the page’s language', () => {
    const { dialog, ...seen } = shown({});
    expect(seen).toEqual({
      ...pick(en, ['title', 'stayButton', 'logoutButton']),
      message: en.message.replace('{time}', '45 seconds'),
    });
    expect(dialog.hasAttribute('lang')).toBe(false);
  });

  describe.each(Object.entries(LOCALES).filter(([tag]) => tag != 'en'))('%s', (tag, locale) => {
    it('has every text, and only them, under its own tag', () => {
      expect(Object.keys(locale).sort()).toEqual(['lang', ...TEXTS].sort());
      expect(locale.lang).toBe(tag);
      expect(Intl.getCanonicalLocales(tag)).toEqual([tag]);
      for (const name of TEXTS) expect(locale[name].trim(), name).not.toBe('');
    });

    it('has {time} exactly once in each countdown, and nowhere else', () => {
      for (const name of TEXTS)
        expect(locale[name].split('{time}').length - 1, name).toBe(COUNTDOWNS.includes(name as never) ? 1 : 0);
    });

    it('leaves no text in English', () => {
      for (const name of TEXTS) {
        expect(locale[name], name).not.toBe(en[name]);
        expect(locale[name], name).not.toMatch(ENGLISH_WORDS);
      }
    });

    it('says the lifetime warning apart from the idle one', () => {
      expect(locale.lifetimeTitle).not.toBe(locale.title);
      expect(locale.lifetimeMessage).not.toBe(locale.message);
    });

    it('is what the dialog says, with the time in its words, when spread into the options', () => {
      const seen = shown({ ...locale }, 90);
      expect(pick(seen, ['title', 'stayButton', 'logoutButton'])).toEqual(
        pick(locale, ['title', 'stayButton', 'logoutButton']),
      );
      expect(seen.message).toBe(locale.message.replace('{time}', formatTime(90, tag)));
      expect(seen.dialog.lang).toBe(tag);
    });
  });
});

const pick = <T extends object>(object: T, names: string[]) =>
  Object.fromEntries(Object.entries(object).filter(([name]) => names.includes(name)));

describe('the countdowns, with the time as Intl words it, in the languages that decline it', () => {
  // The time is Intl's phrase in the nominative; these sentences take it as it is: after a colon,
  // or after a preposition whose case has the nominative's form.
  it.each([
    ['pl', 1, 'Czas do automatycznego wylogowania: 1 sekunda.'],
    ['pl', 22, 'Czas do automatycznego wylogowania: 22 sekundy.'],
    ['pl', 65, 'Czas do automatycznego wylogowania: 1 minuta i 5 sekund.'],
    ['cs', 61, 'Čas do automatického odhlášení: 1 minuta a 1 sekunda.'],
    ['ru', 21, 'Время до автоматического выхода из системы: 21 секунда.'],
    ['ru', 122, 'Время до автоматического выхода из системы: 2 минуты 2 секунды.'],
    ['uk', 62, 'Час до автоматичного виходу із системи: 1 хвилина і 2 секунди.'],
    ['fi', 45, 'Aikaa automaattiseen uloskirjautumiseen: 45 sekuntia.'],
    ['de', 60, 'Sie werden in 1 Minute abgemeldet.'],
    ['ar', 2, 'الوقت المتبقي حتى تسجيل الخروج التلقائي: ثانيتان.'],
    ['he', 2, 'ההתנתקות האוטומטית תתבצע בעוד שתי שניות.'],
    ['ja', 90, '1 分 30 秒後に自動的にログアウトします。'],
  ])('%s, %i s: "%s"', (tag, seconds, sentence) => {
    // Intl separates number and unit with a no-break space in some languages.
    expect(LOCALES[tag].message.replace('{time}', formatTime(seconds, tag)).replace(/\s/g, ' ')).toBe(sentence);
  });
});

describe('the dialog with a locale', () => {
  it('takes the texts the page sets over the locale’s, one by one', () => {
    const seen = shown({ ...LOCALES.de, title: 'Achtung' });
    expect(seen.title).toBe('Achtung');
    expect(seen.stayButton).toBe('Angemeldet bleiben');
  });

  it('is right to left when its texts are, in a page of either direction', () => {
    document.documentElement.dir = 'rtl';
    const { dialog } = shown({ ...LOCALES.he });
    // `dir="auto"`: the direction of its heading's first letter (computed in Chromium: test/browser/locales.test.ts).
    expect(dialog.dir).toBe('auto');
    document.documentElement.removeAttribute('dir');
  });

  it('says the time in the locale’s language, on a page in another', () => {
    document.documentElement.lang = 'fr';
    expect(shown({ ...LOCALES.pl }, 1).message).toBe('Czas do automatycznego wylogowania: 1 sekunda.');
  });
});

describe('choosing the locale of a language', () => {
  const ours = Object.values(LOCALES).filter((locale) => locale.lang != 'en');
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt', 'pt-PT'],
    ['pt-PT', 'pt-PT'],
    ['pt-AO', 'pt-PT'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans-CN', 'zh-Hans'],
    ['zh-TW', undefined],
    ['zh-HK', undefined],
    ['zh-Hant', undefined],
    ['no', 'nb'],
    ['nn', 'nb'],
    ['nb-NO', 'nb'],
    ['de-AT', 'de'],
    ['de-CH-1996', 'de'],
    ['iw', 'he'],
    ['ar-EG', 'ar'],
    ['sr-Latn', undefined],
    ['en-GB', undefined],
    ['en_US', undefined],
    ['', undefined],
  ])('%j gets %s', (lang, chosen) => {
    expect(chooseLocale(ours, lang)?.lang).toBe(chosen);
  });

  it('falls back to its language’s other region before English: pt-BR → pt → English', () => {
    expect(chooseLocale([LOCALES['pt-PT']], 'pt-BR')?.lang).toBe('pt-PT');
    expect(chooseLocale([LOCALES['pt-BR']], 'pt')?.lang).toBe('pt-BR');
    expect(chooseLocale([LOCALES.de], 'pt-BR')).toBeUndefined();
  });

  it('refuses a locale whose lang is no language tag, naming it', () => {
    expect(() => chooseLocale([{ ...LOCALES.de, lang: 'de_DE' }], 'de')).toThrow(
      new RangeError('session-security: a locale\'s "lang" must be a language tag, got "de_DE"'),
    );
  });

  it('reads the page’s language from the closest lang attribute by default', () => {
    document.documentElement.lang = 'de';
    expect(chooseLocale(ours)?.lang).toBe('de');
    document.body.lang = 'ja';
    expect(chooseLocale(ours)?.lang).toBe('ja');
  });
});

describe('the script tag’s locales (dist/locales/<tag>.min.js)', () => {
  it('are nothing until a locale script registers one: the page’s text, else English', () => {
    expect(text({ title: 'Mine' }, 'title', en.title)).toBe('Mine');
    expect(text({}, 'title', en.title)).toBe(en.title);
  });

  it('give the texts of the page’s language under the page’s own, which win one by one', () => {
    register(LOCALES.fr);
    register(LOCALES['pt-BR']);
    register(LOCALES['pt-PT']);
    document.documentElement.lang = 'pt-BR';
    expect(text({ title: 'Atenção' }, 'title', en.title)).toBe('Atenção');
    expect(text({ title: 'Atenção', message: undefined }, 'message', en.message)).toBe(LOCALES['pt-BR'].message);
    expect(text({}, 'lifetimeTitle', en.lifetimeTitle)).toBe(LOCALES['pt-BR'].lifetimeTitle);
    expect(text({}, 'lang', '')).toBe('pt-BR');
    expect(text({ lang: 'fr-CA' }, 'title', en.title)).toBe(LOCALES.fr.title);
    expect(text({ lang: 'fr-CA' }, 'lang', '')).toBe('fr-CA');
    expect(text({ lang: 'pt' }, 'title', en.title)).toBe(LOCALES['pt-PT'].title);
    document.documentElement.lang = 'ja';
    expect(text({}, 'title', en.title)).toBe(en.title);
  });

  it('leave a malformed "lang" to the dialog, which refuses it by name', () => {
    register(LOCALES.fr);
    expect(text({ lang: 'fr_FR' }, 'title', en.title)).toBe(en.title);
    expect(() => text({ lang: 42 }, 'lang', '')).toThrow('option "lang" must be of type string, got 42');
  });
});

describe('the fallback chain', () => {
  const tags = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          'pt',
          'zh',
          'no',
          'nn',
          'de',
          'en',
          'ar',
          'he',
          'iw',
          'sr',
          'ja',
          'xx',
          ...Object.keys(LOCALES),
        ),
        fc.constantFrom('', '-Hans', '-Hant', '-Latn', '-Cyrl'),
        fc.constantFrom('', '-BR', '-PT', '-AO', '-CN', '-TW', '-SG', '-AT', '-US', '-419'),
      )
      .map((parts) => parts.join('')),
    fc.string(),
  );
  const texts = fc.record(
    Object.fromEntries(TEXTS.slice(0, 4).map((name) => [name, fc.string({ minLength: 1 })])) as Record<
      'title' | 'message' | 'stayButton' | 'logoutButton',
      fc.Arbitrary<string>
    >,
    { requiredKeys: [] },
  );

  it('always ends in a complete set of texts: the page’s, else its language’s, else English', () => {
    fc.assert(
      fc.property(fc.subarray(Object.values(LOCALES)), tags, texts, fc.nat(3600), (loaded, page, own, secondsLeft) => {
        document.body.replaceChildren();
        delete (window as { sessionSecurityLocales?: unknown }).sessionSecurityLocales;
        loaded.forEach(register);
        document.documentElement.lang = page;
        const chosen = chooseLocale(loaded, page);
        // As the classic script's dialog reads them (src/locales/script-tag.ts in place of src/dialog/localize.ts).
        const options: DialogOptions = { lang: text(own, 'lang', '') };
        for (const name of ['title', 'message', 'stayButton', 'logoutButton'] as const)
          options[name] = text(own, name, en[name]);
        const seen = shown(options, secondsLeft);
        const time = formatTime(secondsLeft, options.lang || page);
        for (const name of ['title', 'stayButton', 'logoutButton'] as const)
          expect(seen[name]).toBe(own[name] ?? chosen?.[name] ?? en[name]);
        expect(seen.message).toBe((own.message ?? chosen?.message ?? en.message).replace('{time}', time));
        for (const text of Object.values(seen)) expect(text).not.toBe('');
        if (own.message === undefined) expect(seen.message).toContain(time);
      }),
      { seed: 20260101, numRuns: 150 },
    );
  }, 30_000);
});
