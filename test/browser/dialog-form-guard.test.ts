import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, page, serve, type Served } from './harness';

let browser: Browser;
let server: Served;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serve({
    '/form': page(`<form><label>Note <input id="note" name="note"></label></form>
      <script src="/dist/session-security.min.js"></script>
      <script>
        window.session = new SessionSecurity({
          ping: (idleFor) => idleFor, warnAfter: 300, expireAfter: 600, logoutUrl: '/signed-out',
          confirmFormDiscard: 'You have unsaved changes in a form of this page.',
        });
      </script>`),
    '/signed-out': page('<h1>Signed out</h1>'),
    '/elsewhere': page('<h1>Elsewhere</h1>'),
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => context?.close());

/** The page with its form changed by typing, and the browser's leave prompts it shows, accepted. */
async function changed(): Promise<{ tab: Page; prompts: string[] }> {
  context = await browser.newContext();
  const tab = await context.newPage();
  const prompts: string[] = [];
  tab.on('dialog', (dialog) => {
    prompts.push(dialog.type());
    void dialog.accept();
  });
  await tab.goto(server.url + '/form');
  await tab.locator('#note').pressSequentially('draft');
  return { tab, prompts };
}

describe('leaving a page whose form changed, in Chromium', () => {
  it('asks for confirmation', async () => {
    const { tab, prompts } = await changed();
    await tab.goto(server.url + '/elsewhere');
    expect(prompts).toEqual(['beforeunload']);
  });

  it('never holds the end of the session', async () => {
    const { tab, prompts } = await changed();
    await tab.evaluate(() => (window as unknown as { session: { logout(): void } }).session.logout());
    await tab.waitForURL('**/signed-out', { timeout: 5000 });
    expect(prompts).toEqual([]);
  });
});
