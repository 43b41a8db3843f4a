import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe } from 'vitest';
import { app, AUTO_START, NONCE, STRICT, warning as warnIn, withPolicy } from '../browser/dialog-pages';
import { json, page } from '../browser/harness';
import { type NewBrowser, RECORD_ERRORS, useWebKit } from './harness';
import { KEYS, type Tab } from './webdriver';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Session = { state: string };
type TestWindow = Window & {
  session: Session & EventTarget;
  clicked: number;
  errors: string[];
  violations: string[];
  seen: { type: string; at: number }[];
};

/** The app with the SDK, whose first script keeps the console's errors. */
const warning = (warnAfter: number) => warnIn(warnAfter, RECORD_ERRORS);

const { bed, it } = useWebKit({
  // Warned at 3 s: a key on the warning is reported at once, and the answer dates the server's
  // stamp up to a second before the key (the page's own ping answers the idle seconds it is
  // given), so that a warning after 1 s would stay; the report that follows at the edge (idle
  // 0.91 s) dates it 1.09 s before the key, and the next warning comes warnAfter less that.
  '/app': warning(3),
  // Audited before the warning too: a busy machine opens it and runs axe-core well within 5 s.
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

const shown = () => !!document.querySelector('[role=alertdialog]')?.matches(':modal');
const state = (tab: Tab) => tab.evaluate(() => (window as unknown as TestWindow).session.state);
const focused = (tab: Tab) => tab.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
const closed = (tab: Tab) => tab.waitFor(() => !document.querySelector('[role=alertdialog]'), { timeout: 1000 });

/** Opens `path`; on `/app`, the session's events are kept in `seen`, with the time of each. */
async function open(newBrowser: NewBrowser, path = '/app'): Promise<Tab> {
  const browser = await newBrowser();
  const tab = await browser.newTab(bed.server.url + path);
  if (path == '/app')
    await tab.evaluate(() => {
      const page = window as unknown as TestWindow;
      page.seen = [];
      for (const type of ['warn', 'resume', 'activity'])
        page.session.addEventListener(type, () => page.seen.push({ type, at: Date.now() }));
    });
  return tab;
}

/** Opens `path` with the focus in the form's field, and waits for the warning. */
async function warned(newBrowser: NewBrowser, path = '/app'): Promise<Tab> {
  const tab = await open(newBrowser, path);
  await tab.waitFor(shown);
  return tab;
}

describe.concurrent('the warning dialog, in WebKit', () => {
  it('moves the focus to "Stay signed in", and back to the field on Escape, which keeps the session', async ({
    expect,
    newBrowser,
  }) => {
    const tab = await warned(newBrowser);
    expect(await focused(tab)).toBe('Stay signed in');
    await tab.press(KEYS.Escape);
    await closed(tab);
    expect(await focused(tab)).toBe('note');
    expect(await state(tab)).toBe('active');
    // The next warning counts from the server's stamp as the answers date it: no more than 1.1 s
    // before the key plus warnAfter (3 s), and not after it (the timers' delay aside). The events
    // once it came:
    const events = (await tab.waitFor(
      (): TestWindow['seen'] | undefined => {
        const events = (window as unknown as TestWindow).seen;
        const key = events.find((e) => e.type == 'activity');
        return key && events.some((e) => e.type == 'warn' && e.at > key.at) ? events : undefined;
      },
      { timeout: 5000 },
    ))!;
    const pressed = events.find((e) => e.type == 'activity')!.at;
    const next = events.find((e) => e.type == 'warn' && e.at > pressed)!.at;
    expect(next - pressed).toBeGreaterThanOrEqual(3000 - 1100);
    expect(next - pressed).toBeLessThan(3000 + 100);
  });

  it('keeps the page inert: a click meant for the page closes the dialog and never reaches the page', async ({
    expect,
    newBrowser,
  }) => {
    const tab = await open(newBrowser);
    await tab.waitFor(shown);
    await tab.clickOn('#below');
    await closed(tab);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).clicked)).toBe(0);
    expect(await state(tab)).toBe('active');
  });

  it('keeps the session on Enter, and the key never reaches the field getting the focus back', async ({
    expect,
    newBrowser,
  }) => {
    const tab = await warned(newBrowser);
    await tab.press(KEYS.Enter);
    await closed(tab);
    expect(await state(tab)).toBe('active');
    expect(await focused(tab)).toBe('note');
    // Enter reaching the field would have submitted its form.
    expect(new URL(await tab.url()).pathname).toBe('/app');
  });

  it('lets a keyboard user reach "Sign out now", which ends the session at once', async ({ expect, newBrowser }) => {
    const tab = await warned(newBrowser);
    await tab.press(KEYS.Tab);
    expect(await focused(tab)).toBe('Sign out now');
    expect(await state(tab)).toBe('warning');
    await tab.press(KEYS.Enter);
    await tab.waitForURL(/\/signed-out$/, 3000);
  });

  it('has no accessibility violation (axe-core), before the warning and with the dialog open', async ({
    expect,
    newBrowser,
  }) => {
    const tab = await open(newBrowser, '/audited');
    await tab.addScript(AXE);
    const audit = () =>
      tab.evaluate(async () => {
        // After the fade-in: a dialog still partly transparent would skew the contrast measured.
        await Promise.all(document.getAnimations().map((animation) => animation.finished));
        const { violations } = await (
          window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }
        ).axe.run();
        return violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(', ')}`);
      });
    expect(await tab.evaluate(() => document.querySelectorAll('dialog').length)).toBe(0);
    expect(await audit()).toEqual([]);
    await tab.waitFor(shown, { timeout: 10_000 });
    expect(await audit()).toEqual([]);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).errors)).toEqual([]);
  });
});

describe.concurrent('a page with a Content-Security-Policy without unsafe-inline, in WebKit', () => {
  const styled = (tab: Tab) => tab.evaluate(() => getComputedStyle(document.querySelector('[role=status]')!).width);

  it('gets the styles injected with the nonce of the SDK script tag', async ({ expect, newBrowser }) => {
    const tab = await warned(newBrowser, '/strict');
    expect(await styled(tab)).toBe('1px');
    expect(await tab.evaluate(() => document.querySelectorAll('style').length)).toBe(1);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).violations)).toEqual([]);
  });

  it('can link dist/session-security.css instead, with injectStyles off', async ({ expect, newBrowser }) => {
    const tab = await warned(newBrowser, '/linked');
    expect(await styled(tab)).toBe('1px');
    expect(await tab.evaluate(() => document.querySelectorAll('style').length)).toBe(0);
    expect(await tab.evaluate(() => (window as unknown as TestWindow).violations)).toEqual([]);
  });
});
