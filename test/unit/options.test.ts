import { describe, expect, it } from 'vitest';
import { SessionSecurity as Core } from '../../src/core';
import { configure } from '../../src/options';
import { SessionSecurity } from '../../src/session-security';
import { memoryBrowser } from './support/memory-browser';

const ok = { pingUrl: '/ping' };

describe('options', () => {
  it('have the defaults of django-session-security', () => {
    expect(configure(ok)).toMatchObject({
      warnAfter: 540_000,
      expireAfter: 600_000,
      pingTimeout: 10_000,
      trustedEventsOnly: true,
      namespace: 'session-security:/ping',
    });
  });

  it.each([
    [undefined, TypeError, /"options" must be an object, got undefined/],
    [null, TypeError, /"options" must be an object, got null/],
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
    [{ ...ok, events: 'click' }, TypeError, /"events" must be a list of strings, got "click"/],
    [{ ...ok, events: ['click', 1] }, TypeError, /"events" must be a list of strings/],
    [{ ...ok, trustedEventsOnly: 'no' }, TypeError, /"trustedEventsOnly" must be of type boolean, got "no"/],
    [{ ...ok, pingTimeout: 0 }, RangeError, /"pingTimeout" .* got 0/],
    [{ ...ok, ping: 'fetch' }, TypeError, /"ping" must be of type function, got "fetch"/],
    [{ ...ok, view: { show() {}, update() {} } }, TypeError, /"view.hide" must be a function, got undefined/],
  ])('refuse %o with a clear error', (options, type, message) => {
    expect(() => configure(options as never)).toThrow(type);
    expect(() => configure(options as never)).toThrow(message);
  });

  it.each([
    ['returnToUrl', 'javascript:alert(1)'],
    ['returnToUrl', ' JavaScript:alert(1)'],
    ['returnToUrl', 'java\tscript:alert(1)'],
    ['logoutUrl', 'data:text/html,<script>alert(1)</script>'],
    ['logoutUrl', 'vbscript:msgbox(1)'],
    ['returnToUrl', 'http://['],
  ])('refuse a %s that is neither relative nor http(s), %j, with a TypeError naming it', (name, url) => {
    expect(() => configure({ ...ok, [name]: url })).toThrow(TypeError);
    expect(() => configure({ ...ok, [name]: url })).toThrow(
      `option "${name}" must be a relative or http(s) URL, got ${JSON.stringify(url)}`,
    );
  });

  it.each(['/login/', 'login', '?next=/', '//sso.example.com/login', 'https://example.com/out', 'HTTP://example.com'])(
    'take %j as a returnToUrl and a logoutUrl',
    (url) => {
      expect(configure({ ...ok, returnToUrl: url, logoutUrl: url })).toMatchObject({
        returnToUrl: url,
        logoutUrl: url,
      });
    },
  );

  it('refuse a script URL in the engine alone and in the full SDK alike', () => {
    const platform = memoryBrowser().tab().platform;
    for (const Class of [Core, SessionSecurity])
      expect(() => new Class({ ...ok, logoutUrl: 'javascript:void 0' }, platform)).toThrow(/"logoutUrl"/);
  });

  it('take a ping function in place of a URL', () => {
    expect(configure({ ping: async () => 0 }).namespace).toBe('session-security:custom');
  });
});

describe('the HTTP options of the full SDK', () => {
  const construct = (options: object) => () => new SessionSecurity(options, memoryBrowser().tab().platform);

  it.each([
    [{ ...ok, pingMethod: 'PUT' }, TypeError, /"pingMethod" must be "GET" or "POST", got "PUT"/],
    [{ ...ok, idleParam: 7 }, TypeError, /"idleParam" must be of type string, got 7/],
    [{ ...ok, headers: null }, TypeError, /"headers" must be of type object, got null/],
    [{ ...ok, headers: { 'X-App': 1 } }, TypeError, /"headers.X-App" must be a string, got 1/],
    [
      { ...ok, credentials: 'same-site' },
      TypeError,
      /"credentials" must be "omit", "same-origin" or "include", got "same-site"/,
    ],
    [{ ...ok, parseResponse: 'json' }, TypeError, /"parseResponse" must be of type function, got "json"/],
    [{ ...ok, csrfHeader: ['X-CSRFToken'] }, TypeError, /"csrfHeader" must be of type string/],
  ])('refuse %o with a clear error', (options, type, message) => {
    expect(construct(options)).toThrow(type);
    expect(construct(options)).toThrow(message);
  });

  it.each(['omit', 'same-origin', 'include'])('accept credentials %o', (credentials) => {
    construct({ ...ok, credentials })().destroy();
  });

  it.each([undefined, null])(
    'are refused whole by the engine alone when they are %o, as by the full SDK',
    (options) => {
      for (const Class of [Core, SessionSecurity])
        expect(() => new Class(options as never, memoryBrowser().tab().platform)).toThrow(
          `session-security: option "options" must be an object, got ${options}`,
        );
    },
  );

  it.each([
    'pingMethod',
    'idleParam',
    'headers',
    'credentials',
    'parseResponse',
    'csrfCookie',
    'csrfMeta',
    'csrfHeader',
  ])('are refused by the engine alone, by name, never ignored: %s', (name) => {
    const start = () => new Core({ ...ok, [name]: 'x' }, memoryBrowser().tab().platform);
    expect(start).toThrow(TypeError);
    expect(start).toThrow(
      `session-security: option "${name}" is for "session-security"; with "session-security/core", give a "ping" function, got "x"`,
    );
  });
});
