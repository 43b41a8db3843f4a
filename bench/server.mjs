// A loopback server speaking django-session-security's contract, counting what it sees. Sessions
// follow the middleware: a page load is activity; a ping merges `idleFor` (an integer, negatives as
// 0, only when smaller than the server's whole idle seconds) and answers the whole idle seconds, or
// "logout" once the stamp is expireAfter old. Each browser context gets its own session cookie.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { benchPage, expiredPage, STATIC, EXPIRED_URL } from './pages.mjs';

const COOKIE = 'bench_session';

/**
 * Serves the fixture pages (`/page?client=&warn=&expire=&label=&trusted=`), the scripts, the
 * ping (`/ping/<label>/`) and /expired. `pings(label)` lists the pings a label received, `end(id)`
 * the server's end of a session (the `bench_session` cookie).
 */
export async function createBenchServer({ ours, jquery, old }) {
  const files = { [STATIC.ours]: ours, [STATIC.jquery]: jquery, [STATIC.old]: old };
  const sessions = new Map();
  /** The server's own end of each session, once it ended: its last stamp plus expireAfter. */
  const ends = new Map();
  const pings = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname;
    if (files[path]) return send(res, 200, 'text/javascript; charset=utf-8', readFileSync(files[path]));
    if (path == '/favicon.ico') return send(res, 204);
    if (path == EXPIRED_URL) return send(res, 200, 'text/html; charset=utf-8', expiredPage());

    const now = Date.now();
    const id = (req.headers.cookie ?? '').match(new RegExp(`${COOKIE}=([\\w-]+)`))?.[1];
    let session = id && sessions.get(id);
    if (session && now - session.stamp >= session.expire * 1000) {
      ends.set(id, session.stamp + session.expire * 1000);
      sessions.delete(id);
      session = undefined;
    }

    const ping = path.match(/^\/ping\/([^/]+)\/$/);
    if (ping) {
      const idleFor = url.searchParams.get('idleFor');
      if (session && idleFor != null && /^\s*[+-]?\d+\s*$/.test(idleFor)) {
        const client = Math.max(0, Number.parseInt(idleFor, 10));
        if (client < Math.floor((now - session.stamp) / 1000)) session.stamp = now - client * 1000;
      }
      const answer = session ? Math.floor((now - session.stamp) / 1000) : 'logout';
      pings.push({ label: decodeURIComponent(ping[1]), session: id, idleFor, answer, at: now });
      return send(res, 200, 'application/json', JSON.stringify(answer));
    }

    if (path == '/page') {
      const q = url.searchParams;
      const warn = Number(q.get('warn') ?? 600);
      const expire = Number(q.get('expire') ?? 1200);
      if (!session) {
        session = { id: randomUUID(), warn, expire };
        sessions.set(session.id, session);
        res.setHeader('Set-Cookie', `${COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`);
      }
      session.stamp = now;
      const page = benchPage({
        client: q.get('client'),
        warn,
        expire,
        label: q.get('label') ?? undefined,
        trusted: q.get('trusted') != 'false',
      });
      return send(res, 200, 'text/html; charset=utf-8', page);
    }
    send(res, 404, 'text/plain', 'Not found');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    pings: (label) => pings.filter((p) => p.label == label),
    /** The server's end of session `id` (its stamp plus expireAfter), as it stands or as it ended. */
    end: (id) => ends.get(id) ?? (sessions.get(id) && sessions.get(id).stamp + sessions.get(id).expire * 1000),
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { ...(type ? { 'Content-Type': type } : {}), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The URL of a fixture page. */
export const pageUrl = (base, { client, warn, expire, label, trusted }) => {
  const q = new URLSearchParams({ client });
  for (const [k, v] of Object.entries({ warn, expire, label, trusted })) if (v !== undefined) q.set(k, String(v));
  return `${base}/page?${q}`;
};
