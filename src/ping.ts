import type { Config } from './options.js';
import type { Platform } from './platform.js';
import type { ErrorEventDetail, PingAnswer, PingFunction } from './types.js';

/**
 * A ping that failed, with the `error` event's detail; it never extends a session. Thrown
 * rather than an Error: it carries a detail, not a stack, and costs a few bytes less.
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
export function httpPing(config: Config, platform: Platform): PingFunction {
  return async (idleFor, signal) => {
    const url = new URL(config.pingUrl, document.baseURI);
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', ...config.headers };
    const post = config.pingMethod == 'POST';
    // GET: the idle seconds join the URL's own query; POST: they are the form body.
    const params = post ? new URLSearchParams() : url.searchParams;
    params.set(config.idleParam, '' + idleFor);
    if (post) {
      // The first cookie of that name, else the <meta>; read at each ping, as it may rotate.
      const cookie = ('; ' + document.cookie).split(`; ${config.csrfCookie}=`)[1]?.split(';')[0];
      const meta = document.getElementsByName(config.csrfMeta)[0] as HTMLMetaElement | undefined;
      const token = cookie != null ? decodeURIComponent(cookie) : meta?.content;
      if (token) headers[config.csrfHeader] = token;
    }
    // A rejection here is a network error, or a timeout once aborted: `exchange` tells them apart.
    const response = await platform.fetch(url.href, {
      method: config.pingMethod,
      headers,
      body: post ? params : null,
      credentials: config.credentials,
      cache: 'no-store',
      signal,
    });
    const { status } = response;
    // 419: Laravel's expired CSRF token or session (https://laravel.com/docs/errors#http-exceptions).
    if ([401, 403, 419].includes(status)) return 'logout';
    if (!response.ok) throw new PingError({ reason: 'http', status });
    try {
      return await (config.parseResponse ? config.parseResponse(response) : (response.json() as Promise<PingAnswer>));
    } catch (error) {
      throw new PingError({ reason: 'parse', error });
    }
  };
}

/**
 * Sends one ping and reads its answer. Aborting `flight`, or `timeout` ms passing (which aborts
 * it), settles it at once, even when the ping function ignores its signal: a hung request must
 * neither hold the other tabs' turn nor keep the session from ending.
 * @throws PingError: `timeout` once aborted, else what the contract names, `network` for any other failure.
 */
export async function exchange(
  ping: PingFunction,
  idleFor: number,
  flight: AbortController,
  timeout: number,
  platform: Pick<Platform, 'setTimeout' | 'clearTimeout'>,
): Promise<PingAnswer> {
  const { signal } = flight;
  const timer = platform.setTimeout(() => flight.abort(), timeout);
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error)),
  );
  try {
    return checkAnswer(await Promise.race([ping(idleFor, signal), aborted]));
  } catch (error) {
    throw signal.aborted
      ? new PingError({ reason: 'timeout', error })
      : error instanceof PingError
        ? error
        : new PingError({ reason: 'network', error });
  } finally {
    platform.clearTimeout(timer);
  }
}
