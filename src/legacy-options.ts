import { DEFAULTS, fail } from './options.js';
import type { LegacyOptions } from './legacy.js';

/**
 * The page's options as the old client used them, where the SDK is stricter: it compared the
 * times as JavaScript does (`"540"` is 540) and assigned `returnToUrl` to `location.href`, which
 * takes any value as its text (django-session-security-continued renders it unquoted: a RegExp).
 * A time it could not have used either logs the error the SDK would throw and gives way to the
 * default: the template of a Django page never leaves it unprotected.
 */
export function asTheOldClient(options: LegacyOptions): LegacyOptions & { returnToUrl: string } {
  const seconds = (name: 'warnAfter' | 'expireAfter', fallback: number, below = Infinity): number => {
    const value: unknown = options[name] ?? fallback;
    const number = Number(value);
    if (number > 0 && number < below) return number;
    try {
      fail(
        name,
        value,
        number > 0 && number < Infinity
          ? `must be less than expireAfter (${below})`
          : 'must be a positive number of seconds',
      );
    } catch (error) {
      console.error(`${(error as Error).message}; using ${fallback}`);
    }
    return fallback;
  };
  const expireAfter = seconds('expireAfter', DEFAULTS.expireAfter);
  return {
    ...options,
    expireAfter,
    // The default, or a tenth of a shorter session before its end: never at or after the end.
    warnAfter: seconds('warnAfter', Math.min(DEFAULTS.warnAfter, expireAfter * 0.9), expireAfter),
    returnToUrl: String(options.returnToUrl ?? ''),
  };
}
