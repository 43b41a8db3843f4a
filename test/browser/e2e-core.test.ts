import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemo } from './harness';

type WithSession = Window & { sessionSecurity: EventTarget & { state: string }; warnedAt?: number };
let context: BrowserContext;

const bed = useDemo({ warnAfter: 3, expireAfter: 6 });

afterEach(() => context?.close());

describe('a signed-in page with the script tag, left alone (warn after 3 s, expire after 6 s)', () => {
  it('warns at 3 s, signs out at 6 s in the browser and on the server, and lands on the login page', async () => {
    context = await bed.browser.newContext();
    await bed.signIn(context, '/script-tag/');
    const tab = await context.newPage();

    const start = Date.now();
    await tab.goto(`${bed.demo.url}/script-tag/`);
    await tab.evaluate(() => {
      const w = window as unknown as WithSession;
      w.sessionSecurity.addEventListener('warn', () => (w.warnedAt = Date.now()));
    });

    await tab.waitForFunction(() => (window as unknown as WithSession).warnedAt, undefined, { timeout: 10_000 });
    const warnedAfter = (await tab.evaluate(() => (window as unknown as WithSession).warnedAt!)) - start;
    expect(warnedAfter).toBeGreaterThanOrEqual(2500);
    expect(warnedAfter).toBeLessThan(5000);
    await expect.poll(() => tab.getByRole('alertdialog').isVisible()).toBe(true);

    await tab.waitForURL(/\/login\/\?next=/, { waitUntil: 'commit', timeout: 10_000 });
    const expiredAfter = Date.now() - start;
    expect(expiredAfter).toBeGreaterThanOrEqual(6000);
    expect(expiredAfter).toBeLessThan(8500);

    const pings = bed.demo.stats.pings.filter((p) => p.at >= start);
    expect(pings.length).toBeGreaterThan(0);
    for (const { idleFor } of pings) expect(idleFor).toMatch(/^\d+$/);
    // The warn deadline asks the server whether anything happened elsewhere.
    expect(pings.some(({ idleFor }) => Number(idleFor) >= 2 && Number(idleFor) <= 6)).toBe(true);

    const again = await context.request.get(`${bed.demo.url}/script-tag/`, { maxRedirects: 0 });
    expect(again.status()).toBe(302);
    expect(again.headers().location).toMatch(/^\/login\//);
  });
});
