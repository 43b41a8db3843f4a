// A clock that jumps never inflates the idle time (issue 20, point 6): app test suites drive
// Playwright's clock as this test does, one browser context for many pages.
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { json, page, runFor, stopClock, useBrowser } from './harness';

const { bed, it } = useBrowser({
  // A mock that answers the idle seconds it receives, as app test suites write one.
  '/ping/': json((url) => Number(url.searchParams.get('idleFor'))),
  '/app/': page(
    '<h1>App</h1>',
    `<script src="/dist/session-security.min.js" data-ping-url="/ping/" data-warn-after="5" data-expire-after="10" data-return-to-url="/bye/"></script>
<script>
  window.seen = [];
  for (const type of ['warn', 'expire']) sessionSecurity.addEventListener(type, () => seen.push(type));
</script>`,
  ),
  '/bye/': page('<h1>Session ended</h1>'),
});

const TEN_AM = new Date('2026-12-07T10:00:00').getTime();
const seen = (tab: Page) => tab.evaluate(() => (window as unknown as { seen: string[] }).seen);

describe('a clock set back to where a page of the same browser had run it ahead', () => {
  it("starts the next page with its own idle time, not the other page's", async ({ expect, newContext }) => {
    const context = await newContext();
    const first = await context.newPage();
    await stopClock(context, TEN_AM);
    await first.goto(`${bed.server.url}/app/`);
    // Ten minutes on its clock: the first page ends, leaves, and its record stays at 10:10.
    await runFor(first, 12_000);
    await first.waitForURL(/\/bye\//);
    await first.clock.runFor(10 * 60_000 - 12_000);
    const pings = () => bed.requests(context).filter((r) => r.path == '/ping/').length;
    const before = pings();

    const second = await context.newPage();
    // Back at 10:00; the page opens at 10:00:01, a second after its navigation began.
    await stopClock(context, TEN_AM);
    await second.goto(`${bed.server.url}/app/`);
    await runFor(second, 3000);
    // Its pings report the time since its own navigation (4 s), and nothing has warned.
    const reported = bed
      .requests(context)
      .filter((r) => r.path == '/ping/')
      .slice(before)
      .map((r) => Number(r.query.get('idleFor')));
    for (const idleFor of reported) expect(idleFor).toBeLessThanOrEqual(5);
    expect(await seen(second)).toEqual([]);
    // The warning at warnAfter of its own; the end at expireAfter, and the page left 1.5 s later.
    await runFor(second, 1000);
    expect(await seen(second)).toEqual(['warn']);
    await runFor(second, 7000);
    await second.waitForURL(/\/bye\//);
  });
});
