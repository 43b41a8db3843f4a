import { fail, option, type Config } from './options.js';
import { readAnswer, readJson, type Contract } from './ping.js';
import type { PingAnswer } from './types.js';

/**
 * The HTTP ping contract's options, for a backend other than django-session-security's: the full
 * SDK's (`session-security`, the script tag). With `session-security/core`, give a `ping` function.
 */
export interface HttpPingOptions {
  /** HTTP method of the ping. POST sends the CSRF token. @default 'GET' */
  pingMethod?: 'GET' | 'POST';
  /** Name of the idle-seconds parameter. @default 'idleFor' */
  idleParam?: string;
  /** Extra request headers of the ping. */
  headers?: Record<string, string>;
  /** Credentials mode of the ping. @default 'same-origin' */
  credentials?: RequestCredentials;
  /** Reads a ping response (status 2xx) into the server's idle seconds or `'logout'`; throw if it is unreadable. */
  parseResponse?: (response: Response) => Promise<PingAnswer>;
  /** Cookie holding the CSRF token sent with a POST ping. @default 'csrftoken' */
  csrfCookie?: string;
  /** `<meta name>` holding the CSRF token, read when the cookie is absent. @default 'csrf-token' */
  csrfMeta?: string;
  /** Header carrying the CSRF token. @default 'X-CSRFToken' */
  csrfHeader?: string;
}

/** Every HTTP option's default; its type is also the option's type. */
export const HTTP_DEFAULTS = {
  pingMethod: 'GET' as 'GET' | 'POST',
  idleParam: 'idleFor',
  headers: {} as Record<string, string>,
  credentials: 'same-origin' as RequestCredentials,
  csrfCookie: 'csrftoken',
  csrfMeta: 'csrf-token',
  csrfHeader: 'X-CSRFToken',
  parseResponse: readJson,
};

/**
 * The HTTP contract `options` configure (django-session-security's by default): validated when
 * the engine makes its ping, before anything starts.
 * @throws TypeError naming the option and the value.
 */
export const httpPing =
  (options: HttpPingOptions): Contract =>
  ({ pingUrl }: Config, platform) => {
    const http = {} as typeof HTTP_DEFAULTS;
    for (const [name, fallback] of Object.entries(HTTP_DEFAULTS))
      (http as Record<string, unknown>)[name] = option(options, name, typeof fallback, fallback);
    const { pingMethod, idleParam, headers, credentials, csrfCookie, csrfMeta, csrfHeader, parseResponse } = http;
    if (!['GET', 'POST'].includes(pingMethod)) fail('pingMethod', pingMethod, 'must be "GET" or "POST"');
    // Checked here, or every ping would fail later as a mere network error.
    if (!['omit', 'same-origin', 'include'].includes(credentials))
      fail('credentials', credentials, 'must be "omit", "same-origin" or "include"');
    for (const [name, value] of Object.entries(headers))
      if (typeof value != 'string') fail(`headers.${name}`, value, 'must be a string');

    return (idleFor, signal) => {
      const url = new URL(pingUrl, document.baseURI);
      const sent: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', ...headers };
      const post = pingMethod == 'POST';
      // GET: the idle seconds join the URL's own query; POST: they are the form body.
      const params = post ? new URLSearchParams() : url.searchParams;
      params.set(idleParam, '' + idleFor);
      if (post) {
        // The first cookie of that name, else the <meta>; read at each ping, as it may rotate.
        const cookie = ('; ' + document.cookie).split(`; ${csrfCookie}=`)[1]?.split(';')[0];
        const meta = document.getElementsByName(csrfMeta)[0] as HTMLMetaElement | undefined;
        const token = cookie != null ? decodeURIComponent(cookie) : meta?.content;
        if (token) sent[csrfHeader] = token;
      }
      return readAnswer(
        platform.fetch(url.href, {
          method: pingMethod,
          headers: sent,
          body: post ? params : null,
          credentials,
          cache: 'no-store',
          signal,
        }),
        parseResponse,
      );
    };
  };
