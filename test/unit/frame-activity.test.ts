import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SessionSecurity } from '../../src/core';
import { frameActivity } from '../../src/frame-activity';
import { djangoLike } from './support/django-like';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);
const DOCS = 'https://docs.example';

/** A session warned after 10 s of inactivity, counting the activity of frames of `docs.example`. */
function start() {
  network.use(djangoLike().handler);
  const session = new SessionSecurity(
    { pingUrl: '/ping', warnAfter: 10, expireAfter: 20 },
    memoryBrowser().tab().platform,
  );
  const stop = frameActivity(session, { frameOrigins: [DOCS] });
  onTestFinished(() => {
    stop();
    session.destroy();
  });
  return { session, stop };
}

/** A message posted to this page by a frame of `origin`. */
const post = (data: unknown, origin: string) => window.dispatchEvent(new MessageEvent('message', { data, origin }));

describe('activity inside cross-origin frames', () => {
  it('counts the message of a frame of an allowed origin: it dismisses the warning', async () => {
    const { session } = start();
    await seconds(11);
    expect(session.state).toBe('warning');
    post('session-security:activity', DOCS);
    await seconds(0.1);
    expect(session.state).toBe('active');
  });

  it.each([
    ['the message from another origin', 'session-security:activity', 'https://evil.example'],
    ['the message from a look-alike origin', 'session-security:activity', 'https://docs.example.evil.example'],
    ['an object', { type: 'session-security:activity' }, DOCS],
    ['another text', 'session-security:activity ', DOCS],
  ])('ignores %s', async (_, data, origin) => {
    const { session } = start();
    await seconds(11);
    post(data, origin);
    await seconds(0.1);
    expect(session.state).toBe('warning');
  });

  it('stops with its undo', async () => {
    const { session, stop } = start();
    stop();
    await seconds(11);
    post('session-security:activity', DOCS);
    await seconds(0.1);
    expect(session.state).toBe('warning');
  });

  it.each([[undefined], [[]], [['*']], [['https://docs.example/']], [['docs.example']], ['https://docs.example']])(
    'refuses frameOrigins %o, naming it',
    (frameOrigins) => {
      network.use(djangoLike().handler);
      const session = new SessionSecurity({ pingUrl: '/ping' }, memoryBrowser().tab().platform);
      onTestFinished(() => session.destroy());
      expect(() => frameActivity(session, { frameOrigins } as never)).toThrow(TypeError);
      expect(() => frameActivity(session, { frameOrigins } as never)).toThrow(/option "frameOrigins"/);
    },
  );
});
