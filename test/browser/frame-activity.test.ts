import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { ENGINE_NAME, json, page, ROOT, runFor, serve, type Served, stopClock, useBrowser } from './harness';

/** The README's snippet for the embedded page, verbatim but for the parent's origin. */
const SNIPPET = /```js embedded-page\.js\n([\s\S]*?)```/.exec(readFileSync(resolve(ROOT, 'README.md'), 'utf8'))![1];

type TestWindow = Window & { sessionSecurity: { state: string } };

/** The embedded page (localhost: another origin than the parent's 127.0.0.1), with the snippet. */
let docs: Served;
/** A third origin, never allowed. */
let other: Served;

const { bed, it } = useBrowser({
  '/app': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(
      page(`<h1>Documents</h1>
      <iframe id="docs" title="Editor" src="${docs.url.replace('127.0.0.1', 'localhost')}/editor" width="400" height="200"></iframe>
      <iframe id="other" title="Other" src="${other.url}/other" width="400" height="200"></iframe>
      <script src="/dist/session-security.min.js" data-ping-url="/ping" data-warn-after="5" data-expire-after="30"
        data-frame-origins="${docs.url.replace('127.0.0.1', 'localhost')}"></script>`),
    );
  },
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
});

beforeAll(async () => {
  other = await serve({ '/other': page('<p>Another origin</p>') });
  // The editor is written once the parent's server listens: the snippet names the parent's origin.
  const routes: Record<string, string> = {};
  docs = await serve(routes);
  routes['/editor'] = page(
    `<textarea>Draft</textarea><script>${SNIPPET.replace('https://app.example', bed.server.url)}</script>`,
  );
});
afterAll(async () => {
  await docs?.close();
  await other?.close();
});

const state = (tab: Page) => tab.evaluate(() => (window as unknown as TestWindow).sessionSecurity.state);

describe.concurrent(`activity inside cross-origin frames, in ${ENGINE_NAME}`, () => {
  it('counts the user at work in a frame of an allowed origin, and nothing from a third origin', async ({
    expect,
    newContext,
  }) => {
    const context = await newContext();
    await stopClock(context);
    const tab = await context.newPage();
    await tab.goto(bed.server.url + '/app');
    const editor = tab.frameLocator('#docs');
    await editor.locator('textarea').waitFor();
    await runFor(tab, 3000);
    // The user types in the editor: the parent hears of it only through the frame's message.
    await editor.locator('textarea').click();
    await tab.keyboard.type('more');
    // Without it, the warning would have come by now (up to 1.1 s early: the server's whole seconds).
    await runFor(tab, 3000);
    expect(await state(tab)).toBe('active');
    // A frame of a third origin forges the message, and the allowed one posts malformed ones.
    await runFor(tab, 2500);
    expect(await state(tab)).toBe('warning');
    const third = tab.frames().find((frame) => frame.url().startsWith(other.url))!;
    await third.evaluate(() => parent.postMessage('session-security:activity', '*'));
    const allowed = tab.frames().find((frame) => frame.url().includes('localhost'))!;
    await allowed.evaluate(() => {
      parent.postMessage({ type: 'session-security:activity' }, '*');
      parent.postMessage('activity', '*');
    });
    await runFor(tab, 500);
    expect(await state(tab)).toBe('warning');
    // The allowed frame's message dismisses the warning (the modal warning makes the frame inert: posted by script).
    await allowed.evaluate(() => parent.postMessage('session-security:activity', '*'));
    await runFor(tab, 500);
    expect(await state(tab)).toBe('active');
  });
});
