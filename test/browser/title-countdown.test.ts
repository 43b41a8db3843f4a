import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { ENGINE_NAME, json, type NewContext, page, runFor, setHidden, stopClock, useBrowser } from './harness';

/** The classic script warned after 5 s of inactivity, ended after 30 s, in a page titled "Inbox". */
const app = (attributes: string) =>
  page(
    `<h1>Inbox</h1><script>document.title = 'Inbox';</script>
    <script src="/dist/session-security.min.js" data-ping-url="/ping" data-warn-after="5" data-expire-after="30" ${attributes}></script>`,
  );

const { bed, it } = useBrowser({
  '/inbox': app('data-title-countdown="true"'),
  '/without': app(''),
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
});

/** Two tabs of one browser at `path` on a stopped clock: the first hidden behind the second. */
async function twoTabs(newContext: NewContext, path: string): Promise<Page[]> {
  const context = await newContext();
  await stopClock(context);
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) await tab.goto(bed.server.url + path);
  await setHidden(tabs[0], true);
  return tabs;
}

const title = (tab: Page) => tab.evaluate(() => document.title);
const hidden = (tab: Page) => tab.evaluate(() => document.hidden);

describe.concurrent(`the hidden tab's title countdown, in ${ENGINE_NAME}`, () => {
  it('counts down in the hidden tab while warned, and puts the title back when the tab is shown', async ({
    expect,
    newContext,
  }) => {
    const [behind, front] = await twoTabs(newContext, '/inbox');
    expect([await hidden(behind), await hidden(front)]).toEqual([true, false]);
    await runFor(front, 3000);
    expect([await title(behind), await title(front)]).toEqual(['Inbox', 'Inbox']);
    await runFor(front, 3000);
    await front.getByRole('alertdialog').waitFor({ timeout: 5000 });
    expect([await title(behind), await title(front)]).toEqual(['(0:24) Inbox', 'Inbox']);
    await runFor(front, 1000);
    expect(await title(behind)).toBe('(0:23) Inbox');
    await setHidden(behind, false);
    expect([await title(behind), await title(front)]).toEqual(['Inbox', 'Inbox']);
    await setHidden(behind, true);
    expect(await title(behind)).toBe('(0:23) Inbox');
    // The page's own title, changed while counted down (a new message), is the one put back.
    await behind.evaluate(() => (document.title = '(1) Inbox'));
    await runFor(front, 1000);
    expect(await title(behind)).toBe('(0:22) (1) Inbox');
    await setHidden(behind, false);
    expect(await title(behind)).toBe('(1) Inbox');
  });

  it('puts the title back when the warning ends: "Stay signed in" in the other tab', async ({ expect, newContext }) => {
    const [behind, front] = await twoTabs(newContext, '/inbox');
    await runFor(front, 6000);
    expect(await title(behind)).toBe('(0:24) Inbox');
    await front.getByRole('button', { name: 'Stay signed in' }).click();
    // The warning ends once the server's answer grants the time: a round trip in real time (the
    // stopped clock run on meanwhile, as the page's timers would).
    await expect
      .poll(async () => {
        await runFor(front, 100);
        return [await title(behind), await title(front)];
      })
      .toEqual(['Inbox', 'Inbox']);
  });

  it('is off without its attribute: the hidden tab keeps its title', async ({ expect, newContext }) => {
    const [behind, front] = await twoTabs(newContext, '/without');
    await runFor(front, 6000);
    await front.getByRole('alertdialog').waitFor({ timeout: 5000 });
    expect(await title(behind)).toBe('Inbox');
  });
});
