// The unit tests import the sources, which are the development build: `DEVELOPMENT` is true.
// scripts/check-package.mjs checks that the production builds carry none of these warnings.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { SessionSecurity as Core } from '../../src/core';
import { legacySessionSecurity } from '../../src/legacy';
import type { Platform } from '../../src/platform';
import pl from '../../src/locales/pl';
import { SessionSecurity, type SessionSecurityOptions } from '../../src/session-security';
import { memoryBrowser } from './support/memory-browser';
import { useTestBed } from './support/setup';

useTestBed();

const Legacy = legacySessionSecurity(SessionSecurity);
const REQUIRED = { pingUrl: '/ping', warnAfter: 50, expireAfter: 100 };

let warn: MockInstance<typeof console.warn>;
let started: { destroy(): void }[];
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  started = [];
});
afterEach(() => {
  started.forEach((session) => session.destroy());
  warn.mockRestore();
});

/** The console's warnings while `make` constructs a session. */
function warnings(make: (platform: Platform) => { destroy(): void }): string[] {
  started.push(make(memoryBrowser().tab().platform));
  return warn.mock.calls.map(([message]) => String(message));
}

describe("a developer's option the SDK does not know (development builds)", () => {
  it('is named in one warning with the closest known name: a typo would leave the default in force', () => {
    expect(warnings((platform) => new SessionSecurity({ ...REQUIRED, warnAftr: 5 } as never, platform))).toEqual([
      'session-security: unknown option "warnAftr", ignored; did you mean "warnAfter"?',
    ]);
  });

  it('is matched whatever its case, and across a swapped pair of letters', () => {
    expect(
      warnings(
        (platform) =>
          new SessionSecurity({ ...REQUIRED, stayBUTTON: 'Stay', retrunToUrl: '/login/' } as never, platform),
      ),
    ).toEqual([
      'session-security: unknown option "stayBUTTON", ignored; did you mean "stayButton"?',
      'session-security: unknown option "retrunToUrl", ignored; did you mean "returnToUrl"?',
    ]);
  });

  it('gets no guess when no known name is close', () => {
    expect(warnings((platform) => new SessionSecurity({ ...REQUIRED, color: 'red' } as never, platform))).toEqual([
      'session-security: unknown option "color", ignored',
    ]);
  });

  it('is silent for every option of the full SDK, a locale spread in, and the form guard', () => {
    const every = {
      ...REQUIRED,
      ...pl,
      returnToUrl: '/login/',
      logoutUrl: '/logout/',
      events: ['keydown'],
      trustedEventsOnly: true,
      pingTimeout: 5,
      namespace: 'crm',
      pingMethod: 'POST',
      idleParam: 'idle',
      headers: {},
      credentials: 'include',
      csrfCookie: 'csrf',
      csrfMeta: 'csrf',
      csrfHeader: 'X-CSRF',
      styleNonce: 'n',
      injectStyles: false,
      confirmFormDiscard: 'Unsaved changes',
    } satisfies SessionSecurityOptions;
    expect(warnings((platform) => new SessionSecurity(every, platform))).toEqual([]);
  });

  it('of the dialog is unknown to session-security/core, which has none', () => {
    expect(warnings((platform) => new Core({ ...REQUIRED, title: 'Still there?' } as never, platform))).toEqual([
      'session-security: unknown option "title", ignored',
    ]);
  });

  it("of the Django drop-in is named too; the package's own options and the old client's overrides are known", () => {
    const options = { ...REQUIRED, confirmFormDiscard: 'Unsaved', returnToUrl: '/', expire() {} };
    expect(warnings((platform) => new Legacy(options, platform))).toEqual([]);
    expect(warnings((platform) => new Legacy({ ...options, showWarnng() {} } as never, platform))).toEqual([
      'session-security: unknown option "showWarnng", ignored; did you mean "showWarning"?',
    ]);
  });

  it("is the page's own business in its subclass", () => {
    class Audited extends SessionSecurity {
      constructor(options: typeof REQUIRED & { audit: boolean }, platform: Platform) {
        super(options, platform);
      }
    }
    expect(warnings((platform) => new Audited({ ...REQUIRED, audit: true }, platform))).toEqual([]);
  });
});
