import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SessionSecurity } from '../../src/core';
import { media } from '../../src/media';
import type { ExpireReason } from '../../src/types';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

/** A tab whose session warns after 10 s of inactivity and ends after 20 s; gone when the test ends. */
function start(browser = memoryBrowser()) {
  network.use(djangoLike().handler);
  const session = new SessionSecurity({ pingUrl: '/ping', warnAfter: 10, expireAfter: 20 }, browser.tab().platform);
  const ends: ExpireReason[] = [];
  session.addEventListener('expire', (event) => ends.push(event.detail.reason));
  const stops: (() => void)[] = [];
  onTestFinished(() => {
    stops.forEach((stop) => stop());
    session.destroy();
  });
  /** Starts the feature on this tab's session, and stops it when the test ends. */
  const playingCounts = () => {
    const stop = media(session);
    stops.push(stop);
    return stop;
  };
  return { session, ends, playingCounts };
}

/**
 * A `<video>` (or `<audio>`) of the page whose playback the test drives, as jsdom plays nothing:
 * `play()` starts it and fires `playing`, as a browser does; `pause()` and `end()` stop it.
 */
function video(tag: 'video' | 'audio' = 'video') {
  const element = document.createElement(tag);
  const playback = { paused: true, ended: false };
  Object.defineProperty(element, 'paused', { get: () => playback.paused });
  Object.defineProperty(element, 'ended', { get: () => playback.ended });
  document.body.append(element);
  return {
    element,
    play() {
      Object.assign(playback, { paused: false, ended: false });
      element.dispatchEvent(new Event('playing'));
    },
    pause() {
      playback.paused = true;
      element.dispatchEvent(new Event('pause'));
    },
    end() {
      Object.assign(playback, { paused: true, ended: true });
      element.dispatchEvent(new Event('ended'));
    },
  };
}

describe('playing media as activity', () => {
  it('keeps every tab active while a video plays; the idle time counts from its pause', async () => {
    const browser = memoryBrowser();
    const [tab, other] = [start(browser), start(browser)];
    tab.playingCounts();
    const lecture = video();
    lecture.play();
    await seconds(60);
    expect([tab.session.state, other.session.state]).toEqual(['active', 'active']);
    lecture.pause();
    // Up to 1.1 s early (the server's whole seconds), the pause noticed within a second.
    await seconds(7.5);
    expect([tab.session.state, other.session.state]).toEqual(['active', 'active']);
    await seconds(2.6);
    expect([tab.session.state, other.session.state]).toEqual(['warning', 'warning']);
  });

  it('counts audio, and media added after it started', async () => {
    const { session, playingCounts } = start();
    playingCounts();
    await seconds(5);
    const podcast = video('audio');
    podcast.play();
    await seconds(30);
    expect(session.state).toBe('active');
  });

  it('counts media already playing when it starts, and dismisses the warning', async () => {
    const { session, playingCounts } = start();
    await seconds(11);
    expect(session.state).toBe('warning');
    video().play();
    playingCounts();
    await seconds(1);
    expect(session.state).toBe('active');
    await seconds(30);
    expect(session.state).toBe('active');
  });

  it('does not count ended media', async () => {
    const { ends, playingCounts } = start();
    playingCounts();
    const clip = video();
    clip.play();
    await seconds(5);
    clip.end();
    await seconds(17.5);
    expect(ends).toEqual([]);
    await seconds(2.6);
    expect(ends).toEqual(['idle']);
  });

  it('does not count media removed from the page while it plays', async () => {
    const { session, playingCounts } = start();
    playingCounts();
    const clip = video();
    clip.play();
    await seconds(5);
    // Detached, a browser pauses it only later: the page no longer shows it.
    clip.element.remove();
    await seconds(10.1);
    expect(session.state).toBe('warning');
  });

  it('is off unless started, and its undo stops it', async () => {
    const { session, playingCounts } = start();
    const clip = video();
    clip.play();
    await seconds(10.1);
    expect(session.state).toBe('warning');
    const stop = playingCounts();
    await seconds(1);
    expect(session.state).toBe('active');
    await seconds(30);
    stop();
    await seconds(10.1);
    expect(session.state).toBe('warning');
  });

  it('never outlives the session: after its end, playing media changes nothing', async () => {
    const { session, ends, playingCounts } = start();
    playingCounts();
    video().play();
    await seconds(5);
    session.logout();
    expect(vi.getTimerCount()).toBeLessThanOrEqual(2);
    await seconds(60);
    expect(ends).toEqual(['logout']);
  });
});
