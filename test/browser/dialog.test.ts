import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { app, AUTO_START, NONCE, STRICT, warning, withPolicy } from './dialog-pages';
import {
  axeViolations,
  ENGINE,
  ENGINE_NAME,
  json,
  type NewContext,
  page,
  runFor,
  stopClock,
  useBrowser,
} from './harness';

type Session = { state: string };
type TestWindow = Window & { session?: Session; sessionSecurity?: Session; clicked: number; violations: string[] };

const { bed, it } = useBrowser({
  // Warned at 3 s, on a clock that stands still until the test moves it (see `warned`): a key on
  // the warning is reported at once, and the server's answer dates its stamp up to a second
  // earlier than the key; with a warning after 1 s, that answer would leave the page warned.
  '/app': warning(3),
  // Audited before the warning too, on a clock that stands still until the test moves it.
  '/audited': warning(5),
  // The nonce of the SDK's own script tag is the nonce of the styles it injects.
  '/strict': withPolicy(
    app(`<script nonce="${NONCE}" src="/dist/session-security.min.js" ${AUTO_START}></script>`),
    `${STRICT}; style-src 'nonce-${NONCE}'`,
  ),
  '/linked': withPolicy(
    app(
      `<script nonce="${NONCE}" src="/dist/session-security.min.js" ${AUTO_START} data-inject-styles="false"></script>`,
      '<link rel="stylesheet" href="/dist/session-security.css">',
    ),
    `${STRICT}; style-src 'self'`,
  ),
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
  '/signed-out': page('<h1>Signed out</h1>'),
  '/submitted': page('<h1>Submitted</h1>'),
});

/**
 * Opens `path` with the focus in the form's field on a clock stopped before it opens (see
 * `stopClock`), and moves the clock to the warning (3 s on `/app`): after it, the clock stands
 * still, so the dialog the test acts on is the one it waited for, however busy the machine.
 */
async function warned(newContext: NewContext, path = '/app', options?: Parameters<NewContext>[0]): Promise<Page> {
  const context = await newContext(options);
  await stopClock(context);
  const tab = await context.newPage();
  await tab.goto(bed.server.url + path);
  // The CSP pages start themselves from the script tag (a warning after 1 s).
  await runFor(tab, path == '/app' ? 3000 : 1000);
  await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
  return tab;
}

const state = (tab: Page) =>
  tab.evaluate(
    () => ((window as unknown as TestWindow).session ?? (window as unknown as TestWindow).sessionSecurity)!.state,
  );
const focused = (tab: Page) => tab.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
const closed = (tab: Page) => tab.getByRole('alertdialog').waitFor({ state: 'detached', timeout: 1000 });
/**
 * The page leaves for the logout URL at once after a sign-out: on its next timer (0 ms), which
 * the stopped clock fires when it moves.
 */
const signedOut = async (tab: Page) => {
  const left = tab.waitForURL('**/signed-out', { timeout: 3000 });
  await tab.clock.runFor(1).catch(() => {});
  await left;
};

describe.concurrent(`the warning dialog, in ${ENGINE_NAME}`, () => {
  // Reads the accessibility tree the browser itself computed, through the DevTools protocol, which
  // only Chromium speaks: not registered in Firefox, where the axe-core audits below still check
  // the dialog's name and ARIA attributes.
  if (ENGINE == 'chromium') {
    it('opens modal, named by its heading and described by the time left, the ticking text hidden from screen readers', async ({
      expect,
      newContext,
    }) => {
      const tab = await warned(newContext);
      expect(await tab.locator('dialog').evaluate((dialog) => dialog.matches(':modal'))).toBe(true);
      const cdp = await tab.context().newCDPSession(tab);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const dialog = nodes.find((node) => node.role?.value == 'alertdialog')!;
      expect(dialog.name?.value).toBe('Your session is about to expire');
      expect(dialog.description?.value).toMatch(/^You will be signed out in 9 minutes, 5\d seconds\.$/);
      const spoken = nodes.filter(
        (node) => !node.ignored && node.role?.value == 'StaticText' && /signed out in/.test(String(node.name?.value)),
      );
      // Only the live region's text: the visible, ticking copy is aria-hidden.
      expect(spoken).toHaveLength(1);
      expect(nodes.find((node) => node.role?.value == 'status')).toBeDefined();
    });
  }

  // The longest first (a browser of their own in Firefox, and a 5 s warning): the file ends sooner.
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no accessibility violation (axe-core) in ${colorScheme} mode, before the warning and with the dialog open`, async ({
      expect,
      newContext,
    }) => {
      // Reduced motion: no fade-in, whose transparency would skew the contrast measured.
      const context = await newContext({ colorScheme, reducedMotion: 'reduce' });
      // Audited before the warning on a clock that stands still, however long the audit takes.
      await stopClock(context);
      const tab = await context.newPage();
      await tab.goto(bed.server.url + '/audited');
      expect(await tab.locator('dialog').count()).toBe(0);
      expect(await axeViolations(tab)).toEqual([]);
      expect(await tab.locator('dialog').count(), 'audited before the warning').toBe(0);
      await runFor(tab, 5000);
      await tab.getByRole('alertdialog').waitFor();
      expect(await axeViolations(tab)).toEqual([]);
    });
  }

  it('follows the colour scheme and the motion the user prefers', async ({ expect, newContext }) => {
    const look = async (options: { colorScheme: 'light' | 'dark'; reducedMotion: 'reduce' | 'no-preference' }) => {
      const tab = await warned(newContext, '/app', options);
      const context = tab.context();
      const seen = await tab
        .locator('dialog')
        .evaluate((dialog) => [getComputedStyle(dialog).backgroundColor, getComputedStyle(dialog).animationName]);
      await context.close();
      return seen;
    };
    expect(await look({ colorScheme: 'light', reducedMotion: 'no-preference' })).toEqual([
      'rgb(255, 255, 255)',
      'session-security',
    ]);
    const [dark, still] = await look({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(dark).not.toBe('rgb(255, 255, 255)');
    expect(still).toBe('none');
  });

  it('moves the focus to "Stay signed in", and back to the field on Escape, which keeps the session', async ({
    expect,
    newContext,
  }) => {
    const tab = await warned(newContext);
    expect(await focused(tab)).toBe('Stay signed in');
    await tab.keyboard.press('Escape');
    await closed(tab);
    expect(await focused(tab)).toBe('note');
    expect(await state(tab)).toBe('active');
    // The key was reported at once (idle 0 s, the clock standing still): the answer, 0 idle
    // seconds, dates the server's stamp a second before it at the earliest, and the next warning
    // counts from there: warnAfter (3 s) less that second after the key, no earlier.
    await runFor(tab, 1900);
    expect(await state(tab)).toBe('active');
    await runFor(tab, 100);
    expect(await state(tab)).toBe('warning');
  });

  it('keeps the page inert: a click meant for the page closes the dialog and never reaches the page', async ({
    expect,
    newContext,
  }) => {
    const tab = await warned(newContext);
    // Laid out under the dialog: where it is does not depend on the dialog.
    const below = (await tab.locator('#below').boundingBox())!;
    await tab.mouse.click(below.x + below.width / 2, below.y + below.height / 2);
    await closed(tab);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).clicked)).toBe(0);
    expect(await state(tab)).toBe('active');
  });

  it('lets a mouse user reach "Sign out now": moving over the dialog does not dismiss it', async ({
    expect,
    newContext,
  }) => {
    const tab = await warned(newContext);
    const button = (await tab.getByRole('button', { name: 'Sign out now' }).boundingBox())!;
    await tab.mouse.move(button.x + button.width / 2, button.y + button.height / 2, { steps: 5 });
    expect(await state(tab)).toBe('warning');
    await tab.mouse.down();
    await tab.mouse.up();
    await signedOut(tab);
  });
});

// Firefox activates a focused button from the keyboard only in the window that has the focus,
// which the newest page takes: there, the tests pressing keys on the dialog run alone, not beside
// the file's other tests.
(ENGINE == 'firefox' ? describe : describe.concurrent)(`the warning dialog, in ${ENGINE_NAME}`, () => {
  for (const key of ['Enter', ' ', 'x']) {
    it(`keeps the session on ${JSON.stringify(key)}, and the key never reaches the field getting the focus back`, async ({
      expect,
      newContext,
    }) => {
      const tab = await warned(newContext);
      await tab.keyboard.press(key);
      await closed(tab);
      expect(await state(tab)).toBe('active');
      expect(await focused(tab)).toBe('note');
      expect(await tab.inputValue('#note')).toBe('');
      // Enter reaching the field would have submitted its form.
      expect(new URL(tab.url()).pathname).toBe('/app');
    });
  }

  it('lets a keyboard user reach "Sign out now", which ends the session at once', async ({ expect, newContext }) => {
    const tab = await warned(newContext);
    await tab.keyboard.press('Tab');
    expect(await focused(tab)).toBe('Sign out now');
    expect(await state(tab)).toBe('warning');
    await tab.keyboard.press('Enter');
    await signedOut(tab);
  });
});

describe.concurrent('a page with a Content-Security-Policy without unsafe-inline', () => {
  const styled = (tab: Page) => tab.locator('[role=status]').evaluate((status) => getComputedStyle(status).width);

  it('gets the styles injected with the nonce of the SDK script tag', async ({ expect, newContext }) => {
    const tab = await warned(newContext, '/strict');
    expect(await styled(tab)).toBe('1px');
    expect(await tab.locator('style').count()).toBe(1);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).violations)).toEqual([]);
  });

  it('can link dist/session-security.css instead, with injectStyles off', async ({ expect, newContext }) => {
    const tab = await warned(newContext, '/linked');
    expect(await styled(tab)).toBe('1px');
    expect(await tab.locator('style').count()).toBe(0);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).violations)).toEqual([]);
  });
});
