import { delay, http, HttpResponse } from 'msw';

/**
 * The django-session-security server in a few lines, on the fake clock: a last-activity stamp,
 * logout on its own clock, the `idleFor` merge in whole seconds, answers in whole seconds, `answerAfter` ms (or as many as it answers for the `idleFor`) after
 * it merged the ping.
 */
export function djangoLike({
  expireAfter = 20,
  url = '*/ping',
  answerAfter = 0,
}: { expireAfter?: number; url?: string; answerAfter?: number | ((idleFor: string | null) => number) } = {}) {
  const server = {
    stamp: Date.now() as number | undefined,
    pings: [] as { idleFor: string | null; at: number; request: Request }[],
  };
  const merge = (request: Request) => {
    const now = Date.now();
    const idleFor = new URL(request.url).searchParams.get('idleFor');
    server.pings.push({ idleFor, at: now, request });
    if (server.stamp === undefined || now - server.stamp >= expireAfter * 1000) {
      server.stamp = undefined;
      return 'logout';
    }
    const idle = Math.max(0, parseInt(idleFor ?? '', 10) || 0);
    // As Django compares them: the client's idle seconds against its own, rounded down.
    if (idle < Math.floor((now - server.stamp) / 1000)) server.stamp = now - idle * 1000;
    return Math.floor((now - server.stamp) / 1000);
  };
  const handler = http.get(url, async ({ request }) => {
    const answer = merge(request);
    const after = typeof answerAfter == 'function' ? answerAfter(server.pings.at(-1)!.idleFor) : answerAfter;
    if (after) await delay(after);
    return HttpResponse.json(answer);
  });
  return { server, handler };
}
