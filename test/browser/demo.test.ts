/// <reference types="vite/client" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, type TestContext } from 'vitest';
import { createDemoServer } from '../../demo/server.mjs';
import { LANGUAGES, PAGES } from '../../demo/pages.mjs';
import type { Locale } from '../../src/dialog';
import { type NewContext, setHidden, stopClock, useBrowser } from './harness';

type Demo = Awaited<ReturnType<typeof createDemoServer>>;
type WithSession = Window & { sessionSecurity?: { state: string; remainingSeconds: number } };

const { it } = useBrowser();
let demo: Demo;

beforeAll(async () => {
  demo = await createDemoServer({ port: 0 });
});

afterAll(async () => {
  await demo?.close();
});

/** Signs in through the form the visitor sees, starting from `path`. */
async function signIn(tab: Page, path: string, server: Demo = demo) {
  await tab.goto(server.url + path);
  await tab.waitForURL((url) => url.pathname == '/login/');
  await tab.getByLabel('Username').fill('ada');
  await tab.getByLabel('Password').fill('secret');
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(server.url + path);
}

/** The dialog's texts in each language, by tag (src/locales/). */
const LOCALES = Object.fromEntries(
  Object.entries(import.meta.glob<Locale>('../../src/locales/*.ts', { eager: true, import: 'default' })).map(
    ([path, locale]) => [/([^/]+)\.ts$/.exec(path)![1], locale],
  ),
);

const logged = (tab: Page, type: string) => tab.locator(`#event-log li[data-type="${type}"]`);

/**
 * A demo server of its own that warns after 2 s, and a tab of a new browser context: the page's
 * clock and the server's stand still while the test signs in, however long that takes; `runFor`
 * moves them together, 100 ms at a time.
 */
async function quickDemo(newContext: NewContext, onTestFinished: TestContext['onTestFinished'], expireAfter: number) {
  const context = await newContext();
  let now = await stopClock(context);
  const quick = await createDemoServer({ port: 0, warnAfter: 2, expireAfter, now: () => now });
  onTestFinished(() => quick.close());
  const tab = await context.newPage();
  const runFor = async (ms: number) => {
    for (let ran = 0; ran < ms; ran += 100) {
      now += 100;
      await tab.clock.runFor(100);
    }
  };
  return { quick, tab, runFor };
}

describe.concurrent('the demo', () => {
  it('asks a visitor to sign in, then shows the page asked for', async ({ expect, newContext }) => {
    const tab = await (await newContext()).newPage();
    await signIn(tab, '/django/');
    await expect.poll(() => tab.getByRole('heading', { level: 1 }).textContent()).toBe('Django drop-in');
    await expect.poll(() => tab.getByText('Signed in as').textContent()).toContain('ada');
  });

  for (const { path, title } of PAGES) {
    it(`${title}: the SDK starts and the log shows its ping, its warning and the activity that dismisses it`, async ({
      expect,
      newContext,
      onTestFinished,
    }) => {
      // A short warning, so the page shows a ping and a warning in its log within seconds of its clock.
      const { quick, tab, runFor } = await quickDemo(newContext, onTestFinished, 30);
      await signIn(tab, path, quick);
      expect(await tab.evaluate(() => (window as WithSession).sessionSecurity?.state)).toBe('active');

      await runFor(2000);
      await expect.poll(() => logged(tab, 'warn').count()).toBe(1);
      await expect.poll(() => logged(tab, 'ping').count()).toBeGreaterThan(0);
      expect(await logged(tab, 'ping').first().textContent()).toMatch(/idleFor=\d+ → \d+/);

      // A click outside the warning, as its text invites.
      await tab.mouse.click(5, 5);
      await expect.poll(() => logged(tab, 'resume').count()).toBe(1);
      await expect.poll(() => logged(tab, 'activity').count()).toBeGreaterThan(0);
      expect(await tab.evaluate(() => (window as WithSession).sessionSecurity?.state)).toBe('active');
    });
  }

  for (const { path, title } of PAGES.filter((page) => page.features)) {
    it(`${title}: shows when the lifetime signs the visitor out, and counts typing in the editor of another origin as activity`, async ({
      expect,
      newContext,
    }) => {
      const tab = await (await newContext()).newPage();
      const before = Date.now();
      await signIn(tab, path);
      // Ten minutes from the sign-in, as the server ends it: shown in the visitor's time, and given to the SDK.
      const endsAt = Number(await tab.locator('[data-status="lifetime"]').getAttribute('data-ends-at'));
      expect(endsAt - 600_000).toBeGreaterThanOrEqual(before);
      expect(endsAt - 600_000).toBeLessThanOrEqual(Date.now());
      expect(await tab.locator('[data-status="lifetime"] time').textContent()).toBe(
        await tab.evaluate((endsAt) => new Date(endsAt).toLocaleTimeString(), endsAt),
      );
      const code = await tab.locator('pre code').textContent();
      expect(code).toContain(new Date(endsAt).toISOString());
      expect(code).toMatch(/titleCountdown|data-title-countdown="true"/);
      // The editor is served from another origin, which the page allows.
      const editor = tab.frameLocator('iframe.editor');
      const frameOrigin = new URL(demo.frameUrl).origin;
      expect(frameOrigin).not.toBe(new URL(demo.url).origin);
      expect(code).toContain(frameOrigin);
      await tab.locator('iframe.editor').waitFor();
      // The log counts activity on one line: its count, 0 before any.
      const counted = async () =>
        (await logged(tab, 'activity').count())
          ? Number(await logged(tab, 'activity').first().getAttribute('data-count'))
          : 0;
      const counts = await counted();
      // Focused without a pointer crossing the page: only the keys, which the page never sees.
      await editor.locator('textarea').focus();
      await tab.keyboard.type('notes');
      await expect.poll(counted).toBeGreaterThan(counts);
    });
  }

  it('titles a hidden tab with the time left while it is warned, and gives its title back', async ({
    expect,
    newContext,
    onTestFinished,
  }) => {
    const { quick, tab, runFor } = await quickDemo(newContext, onTestFinished, 30);
    await signIn(tab, '/script-tag/', quick);
    const own = await tab.title();
    await setHidden(tab, true);
    await runFor(2100);
    await expect.poll(() => tab.title()).toBe(`(0:28) ${own}`);
    await setHidden(tab, false);
    await expect.poll(() => tab.title()).toBe(own);
  });

  it('has a language switch for each of the dialog’s languages', ({ expect }) => {
    expect(LANGUAGES.map(([tag]) => tag).sort()).toEqual(
      Object.keys(LOCALES)
        .filter((name) => name != 'script-tag')
        .sort(),
    );
  });

  // English, which the pages start in, last; six languages a test, so that each ends in time in Firefox.
  const order = [...LANGUAGES.slice(1), LANGUAGES[0]].map(([tag]) => tag);
  for (let first = 0; first < order.length; first += 6) {
    const tags = order.slice(first, first + 6);
    it(`shows the warning in ${tags.join(', ')}, chosen with its language switch`, async ({
      expect,
      newContext,
      onTestFinished,
    }) => {
      const { quick, tab, runFor } = await quickDemo(newContext, onTestFinished, 600);
      const warned = async () => {
        await runFor(2100);
        return tab.getByRole('alertdialog');
      };
      // The script tag's page; the ES module's for the last of each test, with the locale spread into the options.
      const path = (tag: string) => (tag == tags.at(-1) ? '/es-module/' : '/script-tag/');
      await signIn(tab, path(tags[0]), quick);
      for (const tag of tags) {
        // The switch itself for the first (before any warning makes the page inert), its address for the others.
        if (tag == tags[0]) {
          await tab.locator('select[name=lang]').selectOption(tag);
          await tab.getByRole('button', { name: 'Show' }).click();
          await tab.waitForURL(`**${path(tag)}?lang=${tag}`);
        } else await tab.goto(`${quick.url}${path(tag)}?lang=${tag}`);
        const dialog = await warned();
        await expect.poll(() => dialog.getAttribute('lang'), { message: tag }).toBe(tag == 'en' ? null : tag);
        expect(await dialog.getByRole('heading').textContent(), tag).toBe(LOCALES[tag].title);
        expect(await dialog.getByRole('button').first().textContent(), tag).toBe(LOCALES[tag].stayButton);
      }
    });
  }

  it('changes the timeouts from the page', async ({ expect, newContext }) => {
    const tab = await (await newContext()).newPage();
    await signIn(tab, '/es-module/');
    // Cleared first: over WebDriver BiDi, Firefox's number fields keep their value and fill() types after it.
    for (const [label, value] of [
      ['Warn after', '20'],
      ['Expire after', '40'],
    ] as const) {
      await tab.getByLabel(label).clear();
      await tab.getByLabel(label).fill(value);
    }
    await tab.getByRole('button', { name: 'Apply' }).click();

    await tab.waitForFunction(() => (window as WithSession).sessionSecurity);
    expect(await tab.getByRole('alert').textContent()).toContain('warning after 20 s, sign-out after 40 s');
    expect(await tab.locator('pre code').textContent()).toMatch(/warnAfter: 20,\s+expireAfter: 40,/);
    const remaining = await tab.evaluate(() => (window as WithSession).sessionSecurity!.remainingSeconds);
    expect(remaining).toBeGreaterThan(35);
    expect(remaining).toBeLessThanOrEqual(40);
  });

  it('signs out from the link, in every tab of the browser', async ({ expect, newContext }) => {
    const context = await newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    await signIn(first, '/script-tag/');
    await second.goto(`${demo.url}/django/`);

    await first.getByRole('link', { name: 'Sign out' }).click();
    await first.waitForURL(/\/login\/$/);
    await expect.poll(() => second.url(), { timeout: 5000 }).toMatch(/\/login\/\?next=/);

    const page = await context.request.get(`${demo.url}/script-tag/`, { maxRedirects: 0 });
    expect(page.status()).toBe(302);
  });
});
