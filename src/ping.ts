import type { Config } from './options.js';
import type { Platform } from './platform.js';
import type { ErrorEventDetail, PingAnswer, PingFunction } from './types.js';

/**
 * A ping that failed, with the `error` event's detail; it never extends a session. Thrown
 * rather than an Error: it carries a detail, not a stack, and costs a few bytes less.
 */
export class PingError {
  declare readonly detail: ErrorEventDetail;
  constructor(detail: ErrorEventDetail) {
    this.detail = detail;
  }
}

/** Accepts only what the contract allows; anything else is unreadable. */
export function checkAnswer(answer: unknown): PingAnswer {
  if (answer === 'logout' || (typeof answer == 'number' && answer >= 0 && answer < Infinity)) return answer;
  throw new PingError({ reason: 'parse', error: answer });
}

/** Makes the ping of a contract once the engine's options are valid, with the platform's fetch. */
export type Contract = (config: Config, platform: Platform) => PingFunction;

/** Reads a 2xx answer of the django-session-security contract: its JSON body. */
export const readJson = (response: Response) => response.json() as Promise<PingAnswer>;

/**
 * Reads the answer of an HTTP ping: 401, 403 and 419 (Laravel's expired CSRF token or session:
 * https://laravel.com/docs/errors#http-exceptions) mean the session ended; any other status
 * but 2xx is an `http` error; `parse` reads the body.
 */
export async function readAnswer(
  request: Promise<Response>,
  parse: (response: Response) => Promise<PingAnswer>,
): Promise<PingAnswer> {
  const response = await request;
  const { status } = response;
  if ([401, 403, 419].includes(status)) return 'logout';
  if (!response.ok) throw new PingError({ reason: 'http', status });
  try {
    return await parse(response);
  } catch (error) {
    throw new PingError({ reason: 'parse', error });
  }
}

/** django-session-security's contract: `GET pingUrl?idleFor=N`, answered by a JSON number or `"logout"`. */
export const djangoPing: Contract = (config, platform) => (idleFor, signal) => {
  const url = new URL(config.pingUrl, document.baseURI);
  url.searchParams.set('idleFor', '' + idleFor);
  // A rejection here is a network error, or a timeout once aborted: `exchange` tells them apart.
  return readAnswer(
    platform.fetch(url.href, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    }),
    readJson,
  );
};

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
