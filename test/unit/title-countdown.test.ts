import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { SessionSecurity } from '../../src/core';
import { titleCountdown } from '../../src/title-countdown';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

/** Hides the tab behind another, or shows it, as a browser tells the page. */
function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}
afterEach(() => setHidden(false));

/** A tab titled "Inbox" whose session warns after `warnAfter` s of inactivity, with the countdown. */
function start(warnAfter = 10, expireAfter = 20) {
  network.use(djangoLike({ expireAfter }).handler);
  document.title = 'Inbox';
  const session = new SessionSecurity({ pingUrl: '/ping', warnAfter, expireAfter }, memoryBrowser().tab().platform);
  session.addEventListener('expire', (event) => event.preventDefault());
  const stop = titleCountdown(session);
  onTestFinished(() => {
    stop();
    session.destroy();
  });
  return { session, stop };
}

describe("the hidden tab's title countdown", () => {
  it('shows the time left in a hidden tab while warned, each second, then the title as it was at the end', async () => {
    start();
    setHidden(true);
    await seconds(9);
    expect(document.title).toBe('Inbox');
    await seconds(1.5);
    expect(document.title).toMatch(/^\(0:(09|10)\) Inbox$/);
    const first = document.title;
    await seconds(1);
    expect(document.title).not.toBe(first);
    expect(document.title).toMatch(/^\(0:0\d\) Inbox$/);
    await seconds(10);
    expect(document.title).toBe('Inbox');
  });

  it('writes minutes and seconds', async () => {
    start(30, 120);
    setHidden(true);
    await seconds(35);
    expect(document.title).toMatch(/^\(1:[23]\d\) Inbox$/);
  });

  it('never touches the title of a tab that is shown, nor of a hidden tab not warned', async () => {
    start();
    const writes = vi.fn();
    const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title')!;
    Object.defineProperty(document, 'title', {
      configurable: true,
      get: () => title.get!.call(document) as string,
      set: (value: string) => (writes(value), title.set!.call(document, value)),
    });
    onTestFinished(() => void delete (document as { title?: string }).title);
    setHidden(true);
    await seconds(5);
    setHidden(false);
    await seconds(10);
    expect(writes).not.toHaveBeenCalled();
  });

  it('puts the title back as soon as the tab is shown, and counts again when hidden', async () => {
    start();
    setHidden(true);
    await seconds(11);
    expect(document.title).toMatch(/^\(0:\d\d\) Inbox$/);
    setHidden(false);
    expect(document.title).toBe('Inbox');
    setHidden(true);
    expect(document.title).toMatch(/^\(0:\d\d\) Inbox$/);
  });

  it('puts the title back when activity ends the warning', async () => {
    const { session } = start();
    setHidden(true);
    await seconds(11);
    session.activity();
    await seconds(0.1);
    expect(document.title).toBe('Inbox');
  });

  it("counts down the page's own new title, and puts that one back", async () => {
    start();
    setHidden(true);
    await seconds(11);
    document.title = '(1) Inbox';
    await seconds(1);
    expect(document.title).toMatch(/^\(0:\d\d\) \(1\) Inbox$/);
    setHidden(false);
    expect(document.title).toBe('(1) Inbox');
  });

  it('puts the title back when stopped', async () => {
    const { stop } = start();
    setHidden(true);
    await seconds(11);
    stop();
    expect(document.title).toBe('Inbox');
    await seconds(1);
    expect(document.title).toBe('Inbox');
  });
});
