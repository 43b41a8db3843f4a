// The demo: a zero-dependency server speaking the django-session-security contract, with pages
// showing the three ways to use the SDK. `npm run demo` builds dist/ first, then runs this file.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSessions } from './sessions.mjs';
import {
  PAGES,
  PING_URL,
  STATUS_URL,
  LOGIN_URL,
  LOGOUT_URL,
  SETTINGS_URL,
  FRAME_PATH,
  loginPage,
  demoPage,
  framePage,
  dialogLanguage,
} from './pages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATIC = { '/dist/': resolve(ROOT, 'dist'), '/static/': resolve(ROOT, 'demo/public') };
const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};
/** Requests that do not count as activity (SESSION_SECURITY_PASSIVE_URLS). */
const PASSIVE_URLS = [STATUS_URL];
const COOKIE = 'demo_session';
const MAX_SECONDS = 86_400;

/** Listens on `port` of `host` (0: a free one); resolves with the server. */
async function listen(server, port, host) {
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  return server;
}

const closing = (server) =>
  new Promise((done) => {
    server.close(() => done());
    // Browsers keep connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
  });

/**
 * Starts the demo server, and beside it, on a free port of the same host (another origin), the
 * embedded editor its pages frame. `port: 0` picks a free port; `now` replaces the clock
 * (milliseconds); `lifetime`: the sessions' absolute lifetime in seconds. Resolves with its
 * `url`, the editor's `frameUrl`, `close()`, and `stats` of what the server saw (`pings`, `logouts`).
 */
export async function createDemoServer({
  port = 8000,
  host = '127.0.0.1',
  warnAfter = 10,
  expireAfter = 20,
  lifetime = 600,
  now = Date.now,
} = {}) {
  checkTimeouts(warnAfter, expireAfter, lifetime);
  /** @type {{ pings: { idleFor: string | null, answer: number | 'logout', at: number }[], logouts: { username: string, reason: 'expired' | 'lifetime' | 'logout', at: number }[] }} */
  const stats = { pings: [], logouts: [] };
  const sessions = createSessions({
    now,
    warnAfter,
    expireAfter,
    lifetime,
    onLogout: (entry) => stats.logouts.push(entry),
  });
  const failed = (res) => (error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    else res.destroy();
  };
  const server = await listen(
    createServer((req, res) => handle(req, res, { sessions, stats, now, frame }).catch(failed(res))),
    port,
    host,
  );
  const url = `http://${host}:${server.address().port}`;
  const editor = await listen(
    createServer((req, res) => {
      if (new URL(req.url, 'http://demo.invalid').pathname != FRAME_PATH)
        return send(res, 404, 'text/plain', 'Not found');
      sendHtml(res, 200, framePage(url));
    }),
    0,
    host,
  );
  const frame = { origin: `http://${host}:${editor.address().port}` };
  return {
    url,
    frameUrl: frame.origin + FRAME_PATH,
    port: server.address().port,
    stats,
    close: async () => void (await Promise.all([closing(server), closing(editor)])),
  };
}

async function handle(req, res, { sessions, stats, now, frame }) {
  const url = new URL(req.url, 'http://demo.invalid');
  const path = url.pathname;

  const prefix = Object.keys(STATIC).find((p) => path.startsWith(p));
  if (prefix) return serveFile(res, STATIC[prefix], path.slice(prefix.length));
  if (path == '/favicon.ico') return send(res, 204);

  const id = readCookie(req, COOKIE);
  const session = sessions.touch(id, {
    ping: path == PING_URL,
    idleFor: url.searchParams.get('idleFor'),
    passive: PASSIVE_URLS.includes(path),
  });
  // A session that just ended (or never existed here) leaves no cookie behind.
  if (id && !session) res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);

  if (path == PING_URL) {
    if (req.method != 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET' });
    const answer = session ? sessions.idleSeconds(session) : 'logout';
    stats.pings.push({ idleFor: url.searchParams.get('idleFor'), answer, at: now() });
    return send(res, 200, 'application/json', JSON.stringify(answer));
  }
  if (path == STATUS_URL) {
    const body = session
      ? {
          username: session.username,
          idleFor: sessions.idleSeconds(session),
          warnAfter: session.warnAfter,
          expireAfter: session.expireAfter,
        }
      : { username: null };
    return send(res, 200, 'application/json', JSON.stringify(body));
  }
  if (path == LOGIN_URL) {
    if (req.method == 'POST') return login(req, res, sessions, session);
    return sendHtml(res, 200, loginPage({ next: safeNext(url.searchParams.get('next')) }));
  }
  if (path == LOGOUT_URL) {
    if (session) sessions.logout(session);
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    return redirect(res, LOGIN_URL);
  }

  const page = PAGES.find((p) => p.path == path);
  if (!page && path != '/' && path != SETTINGS_URL) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  if (!session) return redirect(res, `${LOGIN_URL}?next=${encodeURIComponent(page ? path : PAGES[0].path)}`);
  if (path == '/') return redirect(res, PAGES[0].path);
  if (path == SETTINGS_URL) {
    if (req.method != 'POST')
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'POST' });
    return applySettings(req, res, session);
  }
  const flash = session.flash;
  session.flash = undefined;
  return sendHtml(
    res,
    200,
    demoPage(page, {
      ...session,
      endsAt: sessions.endsAt(session),
      frameOrigin: frame.origin,
      flash,
      lang: dialogLanguage(url.searchParams.get('lang')),
    }),
  );
}

async function login(req, res, sessions, previous) {
  const form = await readForm(req);
  const username = (form.get('username') ?? '').trim().slice(0, 64);
  const next = safeNext(form.get('next'));
  if (!username) return sendHtml(res, 400, loginPage({ next, error: 'Please enter a username.' }));
  // A fresh session id at every sign-in, so a planted cookie never becomes a signed-in session.
  if (previous) sessions.logout(previous);
  const session = sessions.login(username);
  res.setHeader('Set-Cookie', `${COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`);
  return redirect(res, next);
}

async function applySettings(req, res, session) {
  const form = await readForm(req);
  const warnAfter = Number(form.get('warnAfter'));
  const expireAfter = Number(form.get('expireAfter'));
  // Absent (an older form): kept.
  const lifetime = form.has('lifetime') ? Number(form.get('lifetime')) : session.lifetime;
  try {
    checkTimeouts(warnAfter, expireAfter, lifetime);
    Object.assign(session, { warnAfter, expireAfter, lifetime });
    session.flash = `Timeouts set: warning after ${warnAfter} s, sign-out after ${expireAfter} s. Signed out ${lifetime} s after signing in, whatever you do.`;
  } catch (error) {
    session.flash = error.message;
  }
  return redirect(res, safeNext(form.get('next')));
}

function checkTimeouts(warnAfter, expireAfter, lifetime) {
  for (const [name, value] of [
    ['warnAfter', warnAfter],
    ['expireAfter', expireAfter],
    ['lifetime', lifetime],
  ])
    if (!Number.isInteger(value) || value < 1 || value > MAX_SECONDS)
      throw new RangeError(`${name} must be a whole number of seconds from 1 to ${MAX_SECONDS}, got ${value}`);
  if (warnAfter >= expireAfter)
    throw new RangeError(`warnAfter (${warnAfter}) must be less than expireAfter (${expireAfter})`);
}

/** Only a path of this site: never another origin (`//evil`, `/\evil`) to redirect to. */
function safeNext(next) {
  return next && /^\/(?![/\\])/.test(next) ? next : PAGES[0].path;
}

function readCookie(req, name) {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key == name) return value.join('=');
  }
  return undefined;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

async function serveFile(res, dir, name) {
  const file = resolve(dir, name);
  if (!file.startsWith(dir + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  let body;
  try {
    body = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }
  send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body, { 'Cache-Control': 'no-cache' });
}

// no-store by default: a signed-out visitor pressing Back must not see a confidential page from the cache.
function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    ...(type ? { 'Content-Type': type } : {}),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

const sendHtml = (res, status, markup) =>
  send(res, status, 'text/html; charset=utf-8', String(markup), { 'Referrer-Policy': 'same-origin' });

function redirect(res, location) {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

if (process.argv[1] && import.meta.url == pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8000);
  if (!existsSync(resolve(STATIC['/dist/'], 'session-security.min.js')))
    console.warn('dist/ is not built: run `npm run demo` (or `npx rollup -c` first).');
  try {
    const demo = await createDemoServer({ port });
    console.log(
      `session-security demo listening on ${demo.url}/ (warn after 10 s, expire after 20 s, a 10-minute lifetime; its framed editor on ${demo.frameUrl}). Ctrl-C to stop.`,
    );
    const stop = async () => {
      await demo.close();
      console.log('Demo stopped.');
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(
      error.code == 'EADDRINUSE'
        ? `Port ${port} is in use: set PORT to another one, e.g. PORT=8001 npm run demo.`
        : error,
    );
    process.exit(1);
  }
}
