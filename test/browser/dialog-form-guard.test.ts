import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { ENGINE_NAME, type NewContext, page, useBrowser } from './harness';

const { bed, it } = useBrowser({
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

/** The page with its form changed by typing, and the browser's leave prompts it shows, accepted. */
async function changed(newContext: NewContext): Promise<{ tab: Page; prompts: string[] }> {
  const context = await newContext();
  const tab = await context.newPage();
  const prompts: string[] = [];
  tab.on('dialog', (dialog) => {
    prompts.push(dialog.type());
    void dialog.accept();
  });
  await tab.goto(bed.server.url + '/form');
  await tab.locator('#note').pressSequentially('draft');
  return { tab, prompts };
}

describe.concurrent(`leaving a page whose form changed, in ${ENGINE_NAME}`, () => {
  it('asks for confirmation', async ({ expect, newContext }) => {
    const { tab, prompts } = await changed(newContext);
    await tab.goto(bed.server.url + '/elsewhere');
    expect(prompts).toEqual(['beforeunload']);
  });

  it('never holds the end of the session', async ({ expect, newContext }) => {
    const { tab, prompts } = await changed(newContext);
    await tab.evaluate(() => (window as unknown as { session: { logout(): void } }).session.logout());
    await tab.waitForURL('**/signed-out', { timeout: 5000 });
    expect(prompts).toEqual([]);
  });
});
