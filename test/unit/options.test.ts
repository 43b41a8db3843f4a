import { describe, expect, it } from 'vitest';
import { configure } from '../../src/options';

const ok = { pingUrl: '/ping' };

describe('options', () => {
  it('have the defaults of django-session-security', () => {
    expect(configure(ok)).toMatchObject({
      warnAfter: 540_000,
      expireAfter: 600_000,
      pingMethod: 'GET',
      idleParam: 'idleFor',
      credentials: 'same-origin',
      pingTimeout: 10_000,
      trustedEventsOnly: true,
      csrfCookie: 'csrftoken',
      csrfHeader: 'X-CSRFToken',
      namespace: 'session-security:/ping',
    });
  });

  it.each([
    [undefined, TypeError, /"options" must be an object, got undefined/],
    [{}, TypeError, /"pingUrl" is required/],
    [{ pingUrl: 42 }, TypeError, /"pingUrl" must be of type string, got 42/],
    [{ ...ok, warnAfter: '540' }, TypeError, /"warnAfter" must be of type number, got "540"/],
    [{ ...ok, warnAfter: -1 }, RangeError, /"warnAfter" must be a positive number of seconds, got -1/],
    [{ ...ok, expireAfter: NaN }, RangeError, /"expireAfter" .* got NaN/],
    [{ ...ok, expireAfter: Infinity }, RangeError, /"expireAfter" .* got Infinity/],
    [
      { ...ok, warnAfter: 600, expireAfter: 600 },
      RangeError,
      /"warnAfter" must be less than expireAfter \(600\), got 600/,
    ],
    [{ ...ok, pingMethod: 'PUT' }, TypeError, /"pingMethod" must be "GET" or "POST", got "PUT"/],
    [{ ...ok, events: 'click' }, TypeError, /"events" must be a list of strings, got "click"/],
    [{ ...ok, events: ['click', 1] }, TypeError, /"events" must be a list of strings/],
    [{ ...ok, trustedEventsOnly: 'no' }, TypeError, /"trustedEventsOnly" must be of type boolean, got "no"/],
    [{ ...ok, headers: null }, TypeError, /"headers" must be of type object, got null/],
    [{ ...ok, headers: { 'X-App': 1 } }, TypeError, /"headers.X-App" must be a string, got 1/],
    [
      { ...ok, credentials: 'same-site' },
      TypeError,
      /"credentials" must be "omit", "same-origin" or "include", got "same-site"/,
    ],
    [{ ...ok, pingTimeout: 0 }, RangeError, /"pingTimeout" .* got 0/],
    [{ ...ok, ping: 'fetch' }, TypeError, /"ping" must be of type function, got "fetch"/],
    [{ ...ok, view: { show() {}, update() {} } }, TypeError, /"view.hide" must be a function, got undefined/],
  ])('refuse %o with a clear error', (options, type, message) => {
    expect(() => configure(options as never)).toThrow(type);
    expect(() => configure(options as never)).toThrow(message);
  });

  it('take a ping function in place of a URL', () => {
    expect(configure({ ping: async () => 0 }).namespace).toBe('session-security:custom');
  });
});
