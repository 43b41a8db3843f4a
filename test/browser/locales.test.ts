import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import ar from '../../src/locales/ar';
import de from '../../src/locales/de';
import ja from '../../src/locales/ja';
import pl from '../../src/locales/pl';
import type { Locale } from '../../src/dialog';
import { app } from './dialog-pages';
import { axeViolations, ENGINE, ENGINE_NAME, type NewContext, ROOT, runFor, stopClock, useBrowser } from './harness';

const SCREENSHOTS = resolve(ROOT, 'reports/screenshots');

/** The dialog's test app in the language `lang`: `<html lang>` says it. */
const inLanguage = (lang: string, sdk: string) => app(sdk).replace('<html lang="en">', `<html lang="${lang}">`);
const START = `new SessionSecurity({ ping: (idleFor) => idleFor, warnAfter: 3, expireAfter: 600, logoutUrl: '/signed-out' })`;
/** The classic script with the locale script of the page's language, loaded before it; then `more`. */
const classic = (lang: string, more = '') =>
  inLanguage(
    lang,
    `<script src="/dist/locales/${lang}.min.js"></script>
    <script src="/dist/session-security.min.js"></script>
    <script>window.session = ${START};${more}</script>`,
  );
/** What `{% include 'session_security/all.html' %}` renders, translated by Django, and the locale script. */
const django = (markup: boolean) =>
  inLanguage(
    'pl',
    `${
      markup
        ? `<div id="session_security_warning" class="session_security" style="display:none" aria-hidden="true" role="dialog">
            <div class="session_security_modal" role="document" tabindex="-1">
              <h3>Twoja sesja za chwilę wygaśnie <span id="session_security_counter"></span></h3>
              <p>Kliknij, aby przedłużyć sesję.</p>
            </div>
          </div>`
        : ''
    }
    <script src="/dist/locales/pl.min.js"></script>
    <script src="/dist/session-security.min.js"></script>
    <script>window.session = new yourlabs.SessionSecurity({ pingUrl: '/ping', warnAfter: 3, expireAfter: 600 });</script>`,
  );

const { bed, it } = useBrowser({
  // Arabic and Japanese with the script tag; German with the ES package, the locale spread into the options.
  '/ar': classic('ar'),
  '/ja': classic('ja'),
  '/de': inLanguage(
    'de',
    `<script type="module">
      import { SessionSecurity } from '/dist/session-security.js';
      import de from '/dist/locales/de.js';
      window.session = ${START.replace('logoutUrl', '...de, logoutUrl')};
    </script>`,
  ),
  // An absolute lifetime warned at 2 s, before the idle warning.
  '/lifetime': classic(
    'pl',
    'SessionSecurity.lifetime(window.session, { endsAt: Date.now() + 120_000, warnBefore: 118 });',
  ),
  '/django': django(true),
  '/django-without-markup': django(false),
  '/ping': (_req, res, url) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(url.searchParams.get('idleFor'));
  },
});

/** Opens `path` in a context of its own on a stopped clock, and moves the clock to the warning (3 s). */
async function warned(newContext: NewContext, path: string, width = 1280): Promise<Page> {
  const context = await newContext({ viewport: { width, height: width < 600 ? 640 : 800 }, reducedMotion: 'reduce' });
  await stopClock(context);
  const tab = await context.newPage();
  await tab.goto(bed.server.url + path);
  await runFor(tab, 3000);
  return tab;
}

/** What lies outside where it should be: the dialog outside the viewport, its parts outside it, text overflowing its box. */
const overflows = (tab: Page) =>
  tab.evaluate(() => {
    const found: string[] = [];
    const dialog = document.querySelector('dialog')!;
    const box = dialog.getBoundingClientRect();
    const name = (element: Element) => `${element.tagName.toLowerCase()} "${element.textContent.slice(0, 30)}"`;
    if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight)
      found.push(
        `the dialog (${box.left}, ${box.top}, ${box.right}, ${box.bottom}) out of ${innerWidth}×${innerHeight}`,
      );
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
      found.push('the page scrolls sideways');
    // The live region is visually hidden on purpose (1 px, clipped): screen readers read it.
    for (const element of [dialog, ...dialog.querySelectorAll(':not([role=status])')]) {
      const own = element.getBoundingClientRect();
      if (own.left < box.left || own.right > box.right || own.top < box.top || own.bottom > box.bottom)
        found.push(`${name(element)} out of the dialog`);
      if (element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight)
        found.push(
          `${name(element)} overflows: ${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}`,
        );
    }
    return found;
  });

/** `seconds` in words of `lang`, as the SDK says them (src/dialog/format.ts), in the page. */
const words = (tab: Page, seconds: number, lang: string) =>
  tab.evaluate(
    ([seconds, lang]) => {
      const unit = (unit: string, n: number) =>
        new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
      const minutes = Math.floor(seconds / 60);
      const parts = minutes ? [unit('minute', minutes)] : [];
      if (seconds % 60 || !minutes) parts.push(unit('second', seconds % 60));
      return new Intl.ListFormat(lang, { type: 'unit' }).format(parts);
    },
    [seconds, lang] as const,
  );

const LANGUAGES: [Locale, 'rtl' | 'ltr'][] = [
  [ar, 'rtl'],
  [ja, 'ltr'],
  [de, 'ltr'],
];

describe.concurrent(`the dialog in the user's language, in ${ENGINE_NAME}`, () => {
  for (const [locale, direction] of LANGUAGES)
    for (const width of [320, 1280])
      it(`in ${locale.lang} at ${width} px: its texts, ${direction}, nothing clipped or overflowing, no axe-core violation, the focus on the stay button`, async ({
        expect,
        newContext,
      }) => {
        const tab = await warned(newContext, '/' + locale.lang, width);
        const dialog = tab.getByRole('alertdialog', { name: locale.title });
        await dialog.waitFor({ timeout: 5000 });
        mkdirSync(SCREENSHOTS, { recursive: true });
        await tab.screenshot({ path: resolve(SCREENSHOTS, `dialog-${ENGINE}-${locale.lang}-${width}.png`) });

        expect(await dialog.evaluate((node) => [node.getAttribute('lang'), getComputedStyle(node).direction])).toEqual([
          locale.lang,
          direction,
        ]);
        expect(await overflows(tab)).toEqual([]);
        const stay = tab.getByRole('button', { name: locale.stayButton });
        const leave = tab.getByRole('button', { name: locale.logoutButton });
        // The stay button first where the language starts a line: right to left, on the right.
        const [first, second] = [(await stay.boundingBox())!, (await leave.boundingBox())!];
        if (first.y == second.y) expect(direction == 'rtl' ? first.x > second.x : first.x < second.x).toBe(true);

        // The focus starts on the stay button; Tab goes to the other one, in either direction.
        expect(await stay.evaluate((button) => button == document.activeElement)).toBe(true);
        await tab.keyboard.press('Tab');
        expect(await leave.evaluate((button) => button == document.activeElement)).toBe(true);

        // The countdown: the message with the time left in the language's words, each second.
        const countdown = tab.locator('dialog p[aria-hidden=true]');
        expect(await countdown.textContent()).toBe(
          locale.message.replace('{time}', await words(tab, 597, locale.lang)),
        );
        await runFor(tab, 1000);
        expect(await countdown.textContent()).toBe(
          locale.message.replace('{time}', await words(tab, 596, locale.lang)),
        );
        expect(await tab.evaluate(() => (window as unknown as { session: { state: string } }).session.state)).toBe(
          'warning',
        );

        expect(await axeViolations(tab)).toEqual([]);
      });

  it('the absolute lifetime’s warning speaks the language of the locale script too', async ({ expect, newContext }) => {
    const context = await newContext();
    await stopClock(context);
    const tab = await context.newPage();
    await tab.goto(bed.server.url + '/lifetime');
    await runFor(tab, 2500);
    const dialog = tab.getByRole('alertdialog', { name: pl.lifetimeTitle });
    await dialog.waitFor({ timeout: 5000 });
    expect(await dialog.getByRole('button', { name: pl.closeButton }).count()).toBe(1);
  });

  it('the Django drop-in keeps the package’s own translated markup, with the locale script loaded', async ({
    expect,
    newContext,
  }) => {
    const tab = await warned(newContext, '/django');
    await tab.getByRole('alertdialog', { name: /Twoja sesja za chwilę wygaśnie/ }).waitFor({ timeout: 5000 });
    expect(await tab.locator('dialog').count()).toBe(0);
  });

  it('the Django drop-in without the markup shows the dialog in the page’s language', async ({
    expect,
    newContext,
  }) => {
    const tab = await warned(newContext, '/django-without-markup');
    const dialog = tab.getByRole('alertdialog', { name: pl.title });
    await dialog.waitFor({ timeout: 5000 });
    expect(await tab.getByRole('button', { name: pl.stayButton }).count()).toBe(1);
    expect(await dialog.evaluate((node) => node.getAttribute('lang'))).toBe('pl');
  });
});
