import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { json, type NewContext, page, runFor, stopClock, useBrowser } from './harness';

/**
 * The SDK warning after `warnAfter` s; a person's activity is seen as the `activity` event. When
 * the page started (`started`) and each event (`at`), on the page's clock.
 */
const sdk = (warnAfter: number, expireAfter: number) => `<script>window.started = Date.now();</script>
<script src="/dist/session-security.min.js" data-ping-url="/ping/" data-warn-after="${warnAfter}" data-expire-after="${expireAfter}" data-return-to-url="/bye/"></script>
<script>
  window.seen = [];
  window.at = {};
  for (const type of ['warn', 'resume', 'activity', 'expire'])
    sessionSecurity.addEventListener(type, () => (seen.push(type), (at[type] ??= []).push(Date.now())));
</script>`;

/** A log view that follows its lines, and a page that scrolls a little every 200 ms, with no user. */
const SELF_SCROLLING = `<div id="log" style="height:120px;overflow:auto"></div><div style="height:3000px"></div>
<script>
  const log = document.getElementById('log');
  setInterval(() => {
    log.append(Object.assign(document.createElement('p'), { textContent: 'line ' + Date.now() }));
    log.lastElementChild.scrollIntoView();
    scrollBy(0, 10);
  }, 200);
</script>`;

/** A rich-text editor as TinyMCE and CKEditor 4 make one: a frame written by `document.open()`. */
const EDITOR = `<iframe id="editor" title="Editor"></iframe>
<script>
  const doc = document.getElementById('editor').contentDocument;
  doc.open();
  doc.write('<!doctype html><body contenteditable="true"><p>Draft</p></body>');
  doc.close();
</script>`;

const { bed, it } = useBrowser({
  // A server that saw nothing newer than what the browser reports.
  '/ping/': json((url) => Number(url.searchParams.get('idleFor'))),
  '/self-scrolling/': page(SELF_SCROLLING, sdk(2, 4)),
  // Scrolled by a user: activity is reported at the first edge after it (idle 0.91 s), and the
  // server's answer dates its stamp up to 1.09 s earlier, so a warning after 2 s (or 3 s, with
  // activity recorded once a second) would come however busy the user is.
  '/scrolled/': page(SELF_SCROLLING, sdk(5, 10)),
  '/editor/': page(EDITOR, sdk(5, 10)),
  '/later-frame/': page(
    `<script>setTimeout(() => document.body.append(Object.assign(document.createElement('iframe'), { src: '/inner/', title: 'Inner' })), 300);</script>`,
    sdk(5, 10),
  ),
  '/navigating-frame/': page(
    `<iframe src="/inner/" title="Inner" onload="this.onload = null; this.src = '/inner/?again'"></iframe>`,
    sdk(5, 10),
  ),
  '/inner/': page('<textarea aria-label="Notes"></textarea>'),
  '/bye/': page('<h1>Session ended</h1>'),
});

const seen = (tab: Page) => tab.evaluate(() => (window as unknown as { seen: string[] }).seen);
/** When the page started, and when it saw each event, on its clock. */
const times = (tab: Page) =>
  tab.evaluate(() => {
    const { started, at } = window as unknown as { started: number; at: Record<string, number[]> };
    return { started, at };
  });

/**
 * Opens `path` in a browser context of its own whose clock stands still (see `stopClock`): its
 * warning comes when the test moves the clock there (`runFor`), never while the machine is busy
 * opening the page, clicking or typing.
 */
async function visit(newContext: NewContext, path: string): Promise<Page> {
  const context = await newContext();
  await stopClock(context);
  const tab = await context.newPage();
  await tab.goto(`${bed.server.url}${path}`);
  return tab;
}

describe.concurrent('a page that scrolls itself (a log view, a live dashboard)', () => {
  it('does not keep the session alive: with no user, it warns and ends on time', async ({ expect, newContext }) => {
    const tab = await visit(newContext, '/self-scrolling/');
    // Its own scrolling, every 200 ms, is not activity: the warning comes at warnAfter (2 s).
    await runFor(tab, 2000);
    expect(await seen(tab)).toEqual(['warn']);
    await tab.getByRole('alertdialog').waitFor();
    // The dialog stays while the page goes on scrolling under it, until the end.
    await runFor(tab, 500);
    expect(await tab.getByRole('alertdialog').isVisible()).toBe(true);
    expect(await seen(tab)).toEqual(['warn']);
    // The end at expireAfter (4 s) at the latest, by the page's own clock; then it leaves.
    await runFor(tab, 1500);
    expect(await seen(tab)).toEqual(['warn', 'expire']);
    const { started, at } = await times(tab);
    expect(at.expire[0] - started).toBeLessThanOrEqual(4000);
    // Covered, then gone 1.5 s after the end (README, Expiry).
    await runFor(tab, 1500);
    await tab.waitForURL(/\/bye\//);
  });

  it('counts the user scrolling it with the wheel or the keyboard', async ({ expect, newContext }) => {
    const tab = await visit(newContext, '/scrolled/');
    await tab.mouse.move(100, 60);
    // 10 s, twice the warning's 5 s.
    for (let i = 0; i < 20; i++) {
      if (i % 2) await tab.mouse.wheel(0, 100);
      else await tab.keyboard.press('PageDown');
      await runFor(tab, 500);
    }
    expect(await seen(tab)).not.toContain('warn');
    // Recorded once a second at most.
    expect((await seen(tab)).filter((type) => type == 'activity').length).toBeGreaterThanOrEqual(8);
    // Reported to the server within a second of the activity (at an edge, 0.91 s after it: 1 in
    // whole seconds; at once, 0, when the page's view of the server's stamp had come due), every
    // 2 s or so from the first activity more than 1.1 s after the load; none asking about a
    // warning (idle seconds near warnAfter).
    const pings = bed.requests(tab.context()).filter((r) => r.path == '/ping/');
    const reported = pings.map((r) => Number(r.query.get('idleFor')));
    expect(reported.length).toBeGreaterThanOrEqual(3);
    for (const idleFor of reported) expect(idleFor).toBeLessThanOrEqual(1);
  });
});

describe.concurrent('typing in a same-origin frame', () => {
  /** Types a character every 250 ms for 7 s, longer than the warning (5 s) takes, into the frame's body or field. */
  async function typeInto(tab: Page, target: string) {
    await tab.locator(target).contentFrame().locator('body, textarea').last().click();
    for (let typed = 0; typed < 7000; typed += 250) {
      await tab.keyboard.type('a');
      await runFor(tab, 250, 250);
    }
  }

  it('counts in a rich-text editor written by document.open()', async ({ expect, newContext }) => {
    const tab = await visit(newContext, '/editor/');
    await typeInto(tab, '#editor');
    expect(await seen(tab)).not.toContain('warn');
    expect(
      await tab.evaluate(() => (window as unknown as { sessionSecurity: { state: string } }).sessionSecurity.state),
    ).toBe('active');
  });

  it.for([
    ['added after the start', '/later-frame/', '/inner/'],
    ['after it navigated', '/navigating-frame/', '/inner/?again'],
  ])('counts in a frame %s', async ([, path, inner], { expect, newContext }) => {
    const tab = await visit(newContext, path);
    // The frame added 300 ms after the start comes when the clock gets there.
    await runFor(tab, 300);
    await tab.waitForFunction((inner) => {
      const frame = document.querySelector('iframe')?.contentDocument;
      return frame?.URL.endsWith(inner) && frame.readyState == 'complete';
    }, inner);
    await typeInto(tab, 'iframe');
    expect(await seen(tab)).not.toContain('warn');
  });
});
