import type { Config } from './options';
import type { Platform } from './platform';
import type { PingAnswer, PingErrorReason, PingFunction } from './types';

/** A ping that failed; it never extends a session. */
export class PingError extends Error {
  constructor(
    readonly reason: PingErrorReason,
    readonly status?: number,
    readonly error?: unknown,
  ) {
    super(`session-security: ping failed (${reason}${status ? ` ${status}` : ''})`);
  }
}

/** Statuses that mean the server ended the session (419: Laravel's expired CSRF/session). */
const LOGGED_OUT = [401, 403, 419];

/** Accepts only what the contract allows; anything else is unreadable. */
export function checkAnswer(answer: unknown): PingAnswer {
  if (answer === 'logout' || (typeof answer == 'number' && answer >= 0 && answer < Infinity)) return answer;
  throw new PingError('parse', undefined, answer);
}

function csrfToken(c: Config): string | undefined {
  const cookie = document.cookie.split('; ').find((p) => p.startsWith(c.csrfCookie + '='));
  return cookie
    ? decodeURIComponent(cookie.slice(c.csrfCookie.length + 1))
    : (document.getElementsByName(c.csrfMeta)[0] as HTMLMetaElement | undefined)?.content;
}

/** The HTTP ping of the configured contract (django-session-security's by default). */
export function httpPing(c: Config, platform: Platform): PingFunction {
  return async (idleFor, signal) => {
    const url = new URL(c.pingUrl, location.href);
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', ...c.headers };
    const params = new URLSearchParams({ [c.idleParam]: String(idleFor) });
    let body: URLSearchParams | undefined;
    if (c.pingMethod == 'GET') params.forEach((v, k) => url.searchParams.set(k, v));
    else {
      body = params;
      const token = csrfToken(c);
      if (token) headers[c.csrfHeader] = token;
    }
    let response: Response;
    try {
      response = await platform.fetch(url.href, { method: c.pingMethod, headers, body, credentials: c.credentials, cache: 'no-store', signal });
    } catch (e) {
      throw new PingError(signal.aborted ? 'timeout' : 'network', undefined, e);
    }
    if (LOGGED_OUT.includes(response.status)) return 'logout';
    if (!response.ok) throw new PingError('http', response.status);
    try {
      return await (c.parseResponse ? c.parseResponse(response) : response.json());
    } catch (e) {
      throw new PingError(signal.aborted ? 'timeout' : 'parse', undefined, e);
    }
  };
}
