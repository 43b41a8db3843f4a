// A tab frozen in the background (Chromium's page lifecycle, driven through the DevTools protocol)
// for longer than expireAfter, while the user works in another tab: when it thaws, its timers and
// the messages queued for it arrive at once, the oldest first. It must not end the session the
// user is working in. Chromium only (`*.chromium.test.ts`, see vitest.config.ts): the DevTools
// protocol freezes a page.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemo } from './harness';

type WithSession = Window & { sessionSecurity: EventTarget & { state: string }; ended?: string };

const bed = useDemo({ warnAfter: 3, expireAfter: 6 });

/** A tab of `context` on the signed-in page, its end recorded. */
async function open(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${bed.demo.url}/script-tag/`);
  await tab.waitForFunction(() => 'sessionSecurity' in window);
  await tab.evaluate(() => {
    const w = window as unknown as WithSession;
    w.sessionSecurity.addEventListener(
      'expire',
      (event) => (w.ended = (event as CustomEvent<{ reason: string }>).detail.reason),
    );
  });
  return tab;
}

describe('a tab frozen for longer than expireAfter while the user works in another (warn after 3 s, expire after 6 s)', () => {
  it('thaws without ending the session, in every tab and on the server', async () => {
    const context = await bed.browser.newContext();
    try {
      await bed.signIn(context, '/script-tag/');
      const [working, frozen] = [await open(context), await open(context)];
      const cdp = await context.newCDPSession(frozen);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      // 9 s of typing, a key every 1.5 s: past expireAfter for the frozen tab's own clock.
      for (let i = 0; i < 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await working.keyboard.press('x');
      }
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const tab of [working, frozen]) {
        expect(await tab.evaluate(() => (window as unknown as WithSession).ended)).toBeUndefined();
        expect(new URL(tab.url()).pathname).toBe('/script-tag/');
      }
      const again = await context.request.get(`${bed.demo.url}/script-tag/`, { maxRedirects: 0 });
      expect(again.status()).toBe(200);
    } finally {
      await context.close();
    }
  });
});
