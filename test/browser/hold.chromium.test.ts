// Chromium only (`*.chromium.test.ts`, as issue 21 asks): in Firefox ESR this file failed in
// CI run 7 (a timeout), not yet investigated.
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { ENGINE_NAME, json, page, runFor, stopClock, useBrowser } from './harness';

type TestWindow = Window & {
  sessionSecurity: { state: string };
  SessionSecurity: { hold(session: unknown, work: Promise<unknown>): () => void };
  finish(): void;
};

const { bed, it } = useBrowser({
  '/app': page(
    '<h1>Upload</h1>',
    '<script src="/dist/session-security.min.js" data-ping-url="/ping" data-warn-after="5" data-expire-after="30"></script>',
  ),
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
});

const state = (tab: Page) => tab.evaluate(() => (window as unknown as TestWindow).sessionSecurity.state);

describe.concurrent(`work that keeps a session alive, in ${ENGINE_NAME}`, () => {
  it('keeps every tab from warning while a promise is pending; the warning comes warnAfter after it settled', async ({
    expect,
    newContext,
  }) => {
    const context = await newContext();
    await stopClock(context);
    const tabs = [await context.newPage(), await context.newPage()];
    for (const tab of tabs) await tab.goto(bed.server.url + '/app');
    await tabs[0].evaluate(() => {
      const page = window as unknown as TestWindow;
      page.SessionSecurity.hold(page.sessionSecurity, new Promise<void>((settle) => (page.finish = settle)));
    });
    await runFor(tabs[0], 40_000);
    expect(await Promise.all(tabs.map(state))).toEqual(['active', 'active']);
    for (const tab of tabs) expect(await tab.getByRole('alertdialog').count()).toBe(0);
    await tabs[0].evaluate(() => (window as unknown as TestWindow).finish());
    // Up to 1.1 s early (the server's whole seconds), the settling recorded within a second.
    await runFor(tabs[0], 2800);
    expect(await Promise.all(tabs.map(state))).toEqual(['active', 'active']);
    await runFor(tabs[0], 2300);
    expect(await Promise.all(tabs.map(state))).toEqual(['warning', 'warning']);
    for (const tab of tabs) await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
  });
});
