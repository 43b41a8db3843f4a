import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';

const run = promisify(execFile);
const HERE = new URL('.', import.meta.url).pathname;
export const BUILD = new URL('../../dist/session-security.min.js', import.meta.url).pathname;
// Debian's interpreter: a `python3` earlier on PATH (pyenv, venv) lacks the Debian packages.
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-django', 'python3-django-session-security'];

export const USER = { username: 'alice', password: 'correct horse battery staple' };
/** The test project's timings (project/settings.py), in milliseconds. */
export const WARN_AFTER = 5000;
export const EXPIRE_AFTER = 10_000;

async function installed(): Promise<boolean> {
  try {
    await run(PYTHON, ['-c', 'import django, session_security']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the Debian packages and our build are there: installs the packages when missing and
 * running as root, else fails with what to do. Never skips: the suite proves the drop-in.
 */
export async function ensureDjango(): Promise<void> {
  if (!(await installed())) {
    if (process.getuid?.() !== 0)
      throw new Error(
        `The Django compatibility suite needs ${PACKAGES.join(' ')}: run \`sudo apt-get install -y ${PACKAGES.join(' ')}\``,
      );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], { env });
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { env });
    if (!(await installed()))
      throw new Error(`${PYTHON} cannot import django and session_security after installing ${PACKAGES.join(' ')}`);
  }
  if (!existsSync(BUILD))
    throw new Error(`The Django compatibility suite serves ${BUILD}: build it first with \`npx rollup -c\``);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface DjangoServer {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly url: string;
  /** Stops the server, as an outage would; sessions survive in the database. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and removes its database. */
  dispose(): Promise<void>;
  /** Starts Python `code` in the project (`manage.py shell -c`), beside the server, its stdin and stdout piped. */
  shell(code: string): ChildProcess;
}

/**
 * Migrates a fresh database in a temporary directory, creates {@link USER}, and serves the project
 * with `settings` (a module of project/).
 */
export async function startDjango(settings = 'project.settings'): Promise<DjangoServer> {
  // In memory where Linux offers it: each ping commits the session, and a commit's sync to disk
  // made the server's answers twice as slow on a busy machine.
  const dir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'session-security-django-'));
  const env = {
    ...process.env,
    DJANGO_SETTINGS_MODULE: settings,
    DJANGO_DB: join(dir, 'db.sqlite3'),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
  const manage = (...args: string[]) => run(PYTHON, ['manage.py', ...args], { cwd: HERE, env });
  await manage('migrate', '--verbosity', '0');
  await run(
    PYTHON,
    ['manage.py', 'createsuperuser', '--noinput', '--username', USER.username, '--email', 'alice@example.com'],
    {
      cwd: HERE,
      env: { ...env, DJANGO_SUPERUSER_PASSWORD: USER.password },
    },
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  async function start() {
    let output = '';
    const proc = spawn(PYTHON, ['manage.py', 'runserver', '--noreload', `127.0.0.1:${port}`], {
      cwd: HERE,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`Django exited (${code}) before answering:\n${output}`))),
    );
    const answering = (async () => {
      for (
        const deadline = Date.now() + 20_000;
        Date.now() < deadline && proc.exitCode === null;
        await new Promise((r) => setTimeout(r, 100))
      )
        if (
          await fetch(`${url}/accounts/login/`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
      throw new Error(`Django did not answer on ${url} within 20 s:\n${output}`);
    })();
    try {
      await Promise.race([answering, exited]);
    } catch (e) {
      await stop();
      throw e;
    }
    // Once answering, an exit is an outage the test asked for, or a crash the test will see.
    exited.catch(() => {});
  }

  async function stop() {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise((resolve) => {
      proc.once('exit', resolve);
      proc.kill();
    });
  }

  await start();
  return {
    url,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    shell: (code) => spawn(PYTHON, ['manage.py', 'shell', '-c', code], { cwd: HERE, env }),
  };
}

/** The `Cookie` header of `context`'s requests to `server`: another client of the same session. */
export const cookieOf = async (context: BrowserContext, server: DjangoServer) =>
  (await context.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');

/** The server's idle seconds for `context`'s session, asked without moving its stamp, or "logout". */
export async function serverIdle(context: BrowserContext, server: DjangoServer): Promise<number | 'logout'> {
  // A client idle for longer than the server thinks never moves the server's stamp.
  const response = await fetch(`${server.url}/session_security/ping/?idleFor=86400`, {
    headers: { cookie: await cookieOf(context, server) },
  });
  return response.json() as Promise<number | 'logout'>;
}

/**
 * Reads a session's last-activity stamp as the server keeps it (epoch ms; null once logged out),
 * without a request, from one Python process beside the server: fast enough to read it between
 * the final ping and the end.
 */
export function stampReader(server: DjangoServer) {
  const python = server.shell(
    [
      'import json, sys',
      'from django.contrib.sessions.backends.db import SessionStore',
      'from session_security.utils import get_last_activity',
      'for key in sys.stdin:',
      '    session = SessionStore(session_key=key.strip())',
      // Naive local time, as the middleware writes it; timestamp() reads it as local time too.
      "    stamp = get_last_activity(session).timestamp() * 1000 if '_session_security' in session else None",
      '    print(json.dumps(stamp), flush=True)',
    ].join('\n'),
  );
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: python.stdout! }).on('line', (line) => waiting.shift()?.(line));
  return {
    stamp: (key: string) =>
      new Promise<number | null>((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as number | null));
        python.stdin!.write(key + '\n');
      }),
    close: () => python.kill(),
  };
}
