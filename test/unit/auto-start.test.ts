import { describe, expect, it, vi } from 'vitest';
import { autoStart } from '../../src/auto-start';
import { SessionSecurity } from '../../src/session-security';
import pkg from '../../package.json';

const script = (attributes: Record<string, string>) => {
  const node = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
};

describe('the script tag start', () => {
  it('turns data attributes into typed options', () => {
    const start = vi.fn((options: Record<string, unknown>) => options);
    const tag = script({
      'data-ping-url': '/session_security/ping/',
      'data-warn-after': '540',
      'data-expire-after': '600.5',
      'data-trusted-events-only': 'false',
      'data-inject-styles': 'true',
      'data-events': ' keydown  click ',
      'data-headers': '{"X-App":"crm"}',
      'data-return-to-url': '/login/?next=/',
    });
    expect(autoStart(tag, start)).toEqual({
      pingUrl: '/session_security/ping/',
      warnAfter: 540,
      expireAfter: 600.5,
      trustedEventsOnly: false,
      injectStyles: true,
      events: ['keydown', 'click'],
      headers: { 'X-App': 'crm' },
      returnToUrl: '/login/?next=/',
    });
  });

  it('does nothing without data-ping-url, or without a script', () => {
    const start = vi.fn();
    expect(autoStart(script({ 'data-warn-after': '5' }), start)).toBeUndefined();
    expect(autoStart(null, start)).toBeUndefined();
    expect(start).not.toHaveBeenCalled();
  });

  it.each([
    [{ 'data-warn-after': '' }, 'session-security: data-warn-after must be a number, got ""'],
    [{ 'data-warn-after': ' ' }, 'session-security: data-warn-after must be a number, got " "'],
    [{ 'data-expire-after': '10 min' }, 'session-security: data-expire-after must be a number, got "10 min"'],
    [{ 'data-trusted-events-only': 'yes' }, 'session-security: data-trusted-events-only must be a boolean, got "yes"'],
    [{ 'data-headers': '{oops' }, 'session-security: data-headers must be JSON, got "{oops"'],
    [{ 'data-warn-after': '700' }, 'session-security: data-warn-after must be less than expireAfter (600), got 700'],
    [{ 'data-ping-method': 'PUT' }, 'session-security: data-ping-method must be "GET" or "POST", got "PUT"'],
  ])('logs one error naming a bad attribute and its value: %o', (attributes, message) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const started = autoStart(script({ 'data-ping-url': '/ping', ...attributes }), (o) => new SessionSecurity(o));
    expect(started).toBeUndefined();
    expect(error.mock.calls).toEqual([[message]]);
    error.mockRestore();
  });
});

describe('the version', () => {
  it('is the package version', () => {
    expect(SessionSecurity.version).toBe(pkg.version);
  });
});
