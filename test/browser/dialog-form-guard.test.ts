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
  '/ignored': page(`<form role="search" data-session-security-ignore><input id="filter" name="q"></form>
    <form><input id="find" name="find" data-session-security-ignore><input id="note" name="note"></form>
    <script src="/dist/session-security.min.js"></script>
    <script>
      new SessionSecurity({
        ping: (idleFor) => idleFor, warnAfter: 300, expireAfter: 600,
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

  it('does not ask for fields and forms marked data-session-security-ignore', async ({ expect, newContext }) => {
    const tab = await (await newContext()).newPage();
    const prompts: string[] = [];
    tab.on('dialog', (dialog) => {
      prompts.push(dialog.type());
      void dialog.accept();
    });
    await tab.goto(bed.server.url + '/ignored');
    await tab.locator('#filter').pressSequentially('invoices');
    await tab.locator('#find').pressSequentially('draft');
    await tab.goto(bed.server.url + '/elsewhere');
    expect(prompts).toEqual([]);
    await tab.goto(bed.server.url + '/ignored');
    await tab.locator('#note').pressSequentially('draft');
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
