import type { Config } from './options.js';
import type { Platform } from './platform.js';
import type { ErrorEventDetail, PingAnswer, PingFunction } from './types.js';

/**
 * A ping that failed for a reason the contract names; it never extends a session. Any other
 * rejection is a `network` error, or a `timeout` once the ping was aborted.
 */
export class PingError {
  constructor(readonly detail: ErrorEventDetail) {}
}

/** Accepts only what the contract allows; anything else is unreadable. */
export function checkAnswer(answer: unknown): PingAnswer {
  if (answer === 'logout' || (typeof answer == 'number' && answer >= 0 && answer < Infinity)) return answer;
  throw new PingError({ reason: 'parse', error: answer });
}

/** The HTTP ping of the configured contract (django-session-security's by default). */
export function httpPing(c: Config, platform: Platform): PingFunction {
  return async (idleFor, signal) => {
    const url = new URL(c.pingUrl, document.baseURI);
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', ...c.headers };
    const post = c.pingMethod == 'POST';
    // GET: the idle seconds join the URL's own query; POST: they are the form body.
    const params = post ? new URLSearchParams() : url.searchParams;
    params.set(c.idleParam, '' + idleFor);
    if (post) {
      // The first cookie of that name, else the <meta>; read at each ping, as it may rotate.
      const cookie = ('; ' + document.cookie).split(`; ${c.csrfCookie}=`)[1]?.split(';')[0];
      const token = cookie != null ? decodeURIComponent(cookie) : (document.getElementsByName(c.csrfMeta)[0] as HTMLMetaElement | undefined)?.content;
      if (token) headers[c.csrfHeader] = token;
    }
    // A rejection here is a network error, or a timeout once aborted: the caller tells them apart.
    const response = await platform.fetch(url.href, { method: c.pingMethod, headers, body: post ? params : null, credentials: c.credentials, cache: 'no-store', signal });
    const { status } = response;
    // 419: Laravel's expired CSRF/session.
    if ([401, 403, 419].includes(status)) return 'logout';
    if (!response.ok) throw new PingError({ reason: 'http', status });
    try {
      return await (c.parseResponse ? c.parseResponse(response) : response.json());
    } catch (error) {
      throw new PingError({ reason: 'parse', error });
    }
  };
}
