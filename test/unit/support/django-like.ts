import { http, HttpResponse } from 'msw';

/**
 * The django-session-security server in a few lines, on the fake clock: a last-activity stamp,
 * logout on its own clock, the `idleFor` merge, answers in whole seconds.
 */
export function djangoLike({ expireAfter = 20, url = '*/ping' } = {}) {
  const server = { stamp: Date.now() as number | undefined, pings: [] as { idleFor: string | null; at: number; request: Request }[] };
  const handler = http.get(url, ({ request }) => {
    const now = Date.now();
    const idleFor = new URL(request.url).searchParams.get('idleFor');
    server.pings.push({ idleFor, at: now, request });
    if (server.stamp === undefined || now - server.stamp >= expireAfter * 1000) {
      server.stamp = undefined;
      return HttpResponse.json('logout');
    }
    const idle = Math.max(0, parseInt(idleFor ?? '', 10) || 0);
    if (idle * 1000 < now - server.stamp) server.stamp = now - idle * 1000;
    return HttpResponse.json(Math.floor((now - server.stamp) / 1000));
  });
  return { server, handler };
}
