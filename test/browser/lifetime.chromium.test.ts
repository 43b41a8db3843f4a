// Chromium only (`*.chromium.test.ts`, as issue 21 asks): in Firefox ESR this file failed in
// CI run 7 (timeouts), not yet investigated.
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { ENGINE_NAME, json, type NewContext, page, runFor, stopClock, useBrowser } from './harness';

type TestWindow = Window & {
  sessionSecurity: EventTarget & { state: string; activity(): void };
  ends: string[];
  warns: unknown[];
};

/** The classic script started by its tag, the lifetime ending at `?ends=` (ISO 8601), warned 8 s before. */
const app = (endsAt: string) =>
  page(
    `<main><h1>Orders</h1><input id="note"></main>
    <script src="/dist/session-security.min.js" data-ping-url="/ping" data-warn-after="60" data-expire-after="120"
      data-ends-at="${endsAt}" data-warn-before="8" data-logout-url="/signed-out" data-return-to-url="/signed-in"></script>
    <script>
      window.ends = [];
      window.warns = [];
      sessionSecurity.addEventListener('expire', (event) => ends.push(event.detail.reason));
      sessionSecurity.addEventListener('warn', (event) => warns.push(event.detail));
    </script>`,
  );

const { bed, it } = useBrowser({
  '/app': (_req, res, url) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(app(url.searchParams.get('ends')!));
  },
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
  '/signed-in': page('<h1>Signed in</h1>'),
  '/signed-out': page('<h1>Signed out</h1>'),
});

/** Two tabs of one browser on a stopped clock, their session's lifetime ending 20 s after they open. */
async function twoTabs(newContext: NewContext): Promise<Page[]> {
  const context = await newContext();
  const now = await stopClock(context);
  const ends = new Date(now + 20_000).toISOString();
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) await tab.goto(`${bed.server.url}/app?ends=${ends}`);
  return tabs;
}

const read = (tab: Page) =>
  tab.evaluate(() => {
    const { sessionSecurity, ends, warns } = window as unknown as TestWindow;
    return { state: sessionSecurity.state, ends, warns };
  });

describe.concurrent(`an absolute lifetime, in ${ENGINE_NAME}`, () => {
  it('warns in every tab that nothing extends the session, then ends it in every tab', async ({
    expect,
    newContext,
  }) => {
    const tabs = await twoTabs(newContext);
    await runFor(tabs[0], 11_000);
    expect(await tabs[0].getByRole('alertdialog').count()).toBe(0);
    await runFor(tabs[0], 1000);
    for (const tab of tabs) {
      const warning = tab.getByRole('alertdialog', { name: 'Your session is ending' });
      await warning.waitFor({ timeout: 5000 });
      expect(await warning.getByRole('button').allTextContents()).toEqual(['Close', 'Sign out now']);
      expect(await tab.getByRole('alertdialog').textContent()).toContain(
        'For your security, you will be signed out in 8 seconds, whatever you do. Save your work now.',
      );
      expect((await read(tab)).warns).toEqual([{ secondsLeft: 8, extendable: false }]);
    }
    // The user is active in the first tab: the warning stays, in both.
    await tabs[0].mouse.move(10, 10);
    await tabs[0].mouse.move(200, 200);
    await tabs[0].keyboard.press('Shift');
    await tabs[0].evaluate(() => (window as unknown as TestWindow).sessionSecurity.activity());
    await runFor(tabs[0], 3000);
    for (const tab of tabs) expect(await tab.getByRole('alertdialog').count()).toBe(1);
    await runFor(tabs[0], 5000);
    const ended = await Promise.all(tabs.map(read));
    expect(ended.map(({ state }) => state)).toEqual(['expired', 'expired']);
    expect(ended.flatMap(({ ends }) => ends)).toContain('lifetime');
    await runFor(tabs[0], 1600);
    for (const tab of tabs) await tab.waitForURL('**/signed-in', { timeout: 5000 });
  });

  it('closes on "Close", in that tab only, and the session still ends at its moment', async ({
    expect,
    newContext,
  }) => {
    const tabs = await twoTabs(newContext);
    await runFor(tabs[0], 12_000);
    await tabs[0].getByRole('alertdialog').waitFor({ timeout: 5000 });
    // The focus is on "Close": Enter closes it.
    await tabs[0].keyboard.press('Enter');
    await tabs[0].getByRole('alertdialog').waitFor({ state: 'detached', timeout: 1000 });
    await runFor(tabs[0], 2000);
    expect(await tabs[0].getByRole('alertdialog').count()).toBe(0);
    expect(await tabs[1].getByRole('alertdialog').count()).toBe(1);
    expect((await read(tabs[0])).state).toBe('active');
    await runFor(tabs[0], 6000);
    expect((await Promise.all(tabs.map(read))).map(({ state }) => state)).toEqual(['expired', 'expired']);
  });
});
