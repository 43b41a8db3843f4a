// Chromium only (`*.chromium.test.ts`, as issue 21 asks): in Firefox ESR this file failed in
// CI run 7 (timeouts), not yet investigated.
import type { Page } from 'playwright-core';
import { beforeAll, describe } from 'vitest';
import { ENGINE_NAME, json, type NewContext, page, runFor, stopClock, useBrowser } from './harness';

type TestWindow = Window & { sessionSecurity: { state: string } };

/** A video recorded in the browser from a canvas (two seconds of changing colours): no network, no file. */
let video: Buffer;

/** The classic script, warned after 5 s of inactivity, with the given attributes and body. */
const app = (attributes: string, body = '') =>
  page(
    `<h1>Lecture</h1>${body}
    <script src="/dist/session-security.min.js" data-ping-url="/ping" data-warn-after="5" data-expire-after="30" ${attributes}></script>`,
  );

const { bed, it } = useBrowser({
  '/lecture': app('data-media-activity="true"', '<video muted loop src="/video.webm"></video>'),
  '/clip': app('data-media-activity="true"', '<video muted src="/video.webm"></video>'),
  '/empty': app('data-media-activity="true"'),
  '/without': app('', '<video muted loop src="/video.webm"></video>'),
  '/video.webm': (_req, res) => void res.writeHead(200, { 'Content-Type': 'video/webm' }).end(video),
  '/ping': json((url) => Number(url.searchParams.get('idleFor'))),
});

beforeAll(async () => {
  // Recorded in real time, in a context of its own whose clock runs.
  const context = await bed.browser.newContext();
  const recorder = await context.newPage();
  const recorded = await recorder.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    const paint = canvas.getContext('2d')!;
    const recording = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recording.ondataavailable = (event) => chunks.push(event.data);
    let frame = 0;
    const painter = setInterval(() => {
      paint.fillStyle = `hsl(${(frame += 12)} 80% 50%)`;
      paint.fillRect(0, 0, 64, 48);
    }, 33);
    recording.start();
    await new Promise((done) => setTimeout(done, 2000));
    const stopped = new Promise((done) => (recording.onstop = done));
    recording.stop();
    await stopped;
    clearInterval(painter);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  });
  video = Buffer.from(recorded, 'latin1');
  await context.close();
});

/** Tabs of one browser on a stopped clock, at `path`. */
async function tabs(newContext: NewContext, path: string, count = 1): Promise<Page[]> {
  const context = await newContext();
  await stopClock(context);
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const tab = await context.newPage();
    await tab.goto(bed.server.url + path);
    tabs.push(tab);
  }
  return tabs;
}

const state = (tab: Page) => tab.evaluate(() => (window as unknown as TestWindow).sessionSecurity.state);
/** Plays the page's video, resolved once it plays. */
const play = (tab: Page) =>
  tab.evaluate(async () => {
    const video = document.querySelector('video')!;
    await video.play();
    return !video.paused;
  });

describe.concurrent(`playing media as activity, in ${ENGINE_NAME}`, () => {
  it('keeps every tab from warning while a video plays; paused, the warning comes warnAfter later', async ({
    expect,
    newContext,
  }) => {
    const [tab, other] = await tabs(newContext, '/lecture', 2);
    expect(await play(tab)).toBe(true);
    await runFor(tab, 40_000);
    expect([await state(tab), await state(other)]).toEqual(['active', 'active']);
    await tab.evaluate(() => document.querySelector('video')!.pause());
    // Up to 1.1 s early (the server's whole seconds), the pause seen within a second.
    await runFor(tab, 2800);
    expect([await state(tab), await state(other)]).toEqual(['active', 'active']);
    await runFor(tab, 2300);
    expect([await state(tab), await state(other)]).toEqual(['warning', 'warning']);
    await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
  });

  it('counts a video added after the page started; removed, it no longer counts', async ({ expect, newContext }) => {
    const [tab] = await tabs(newContext, '/empty');
    await runFor(tab, 3000);
    await tab.evaluate(() =>
      document.body.append(
        Object.assign(document.createElement('video'), { muted: true, loop: true, src: '/video.webm' }),
      ),
    );
    expect(await play(tab)).toBe(true);
    await runFor(tab, 20_000);
    expect(await state(tab)).toBe('active');
    await tab.evaluate(() => document.querySelector('video')!.remove());
    await runFor(tab, 5100);
    expect(await state(tab)).toBe('warning');
  });

  it('does not count a video that ended', async ({ expect, newContext }) => {
    const [tab] = await tabs(newContext, '/clip');
    // Two seconds of video, played in real time to its end.
    const ended = await tab.evaluate(async () => {
      const video = document.querySelector('video')!;
      const ended = new Promise((done) => video.addEventListener('ended', done, { once: true }));
      await video.play();
      await ended;
      return video.ended;
    });
    expect(ended).toBe(true);
    await runFor(tab, 5100);
    expect(await state(tab)).toBe('warning');
  });

  it('is off without its attribute: a playing video is no activity', async ({ expect, newContext }) => {
    const [tab] = await tabs(newContext, '/without');
    expect(await play(tab)).toBe(true);
    await runFor(tab, 5100);
    expect(await state(tab)).toBe('warning');
  });
});
