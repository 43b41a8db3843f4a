// @vitest-environment node
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoServer } from '../../demo/server.mjs';

type Demo = Awaited<ReturnType<typeof createDemoServer>>;

let clock: number;
let demo: Demo;

const tick = (seconds: number) => {
  clock += seconds * 1000;
};

/** A browser in miniature: keeps the session cookie, never follows redirects. */
function visitor() {
  let cookie = '';
  const go = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(demo.url + path, {
      redirect: 'manual',
      ...init,
      headers: { cookie, ...init.headers },
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return response;
  };
  const post = (path: string, form: Record<string, string>) =>
    go(path, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  return {
    go,
    post,
    signIn: (username = 'ada', next = '/script-tag/') => post('/login/', { username, password: 'secret', next }),
    ping: async (idleFor?: string) =>
      (await go(`/session_security/ping/${idleFor === undefined ? '' : `?idleFor=${idleFor}`}`)).json(),
    get cookie() {
      return cookie;
    },
  };
}

beforeEach(async () => {
  clock = Date.UTC(2025, 0, 1);
  demo = await createDemoServer({ port: 0, warnAfter: 10, expireAfter: 20, now: () => clock });
});

afterEach(() => demo.close());

describe('signing in and out', () => {
  it('sends a visitor who is not signed in to the login form, then back to the page asked for', async () => {
    const user = visitor();
    const page = await user.go('/django/');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login/?next=%2Fdjango%2F');

    const form = await user.go('/login/?next=%2Fdjango%2F');
    expect(await form.text()).toContain('name="next" value="/django/"');

    const signedIn = await user.signIn('ada', '/django/');
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/django/');
    expect((await user.go('/django/')).status).toBe(200);
  });

  it('keeps the session in an HttpOnly SameSite=Lax cookie, new at every sign-in', async () => {
    const user = visitor();
    const first = await user.signIn();
    expect(first.headers.get('set-cookie')).toMatch(/^demo_session=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax$/);
    const firstCookie = user.cookie;
    await user.signIn();
    expect(user.cookie).not.toBe(firstCookie);
  });

  it('asks again for a username when it is missing', async () => {
    const response = await visitor().signIn('  ');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Please enter a username.');
  });

  it('never redirects off the site after signing in', async () => {
    for (const next of ['//evil.example/', '/\\evil.example/', 'https://evil.example/', ''])
      expect((await visitor().signIn('ada', next)).headers.get('location')).toBe('/script-tag/');
  });

  it('ends the session on logout, by link or by form', async () => {
    for (const method of ['GET', 'POST']) {
      const user = visitor();
      await user.signIn();
      const out = await user.go('/logout/', { method });
      expect(out.headers.get('location')).toBe('/login/');
      expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
      expect(await user.ping('0')).toBe('logout');
    }
    expect(demo.stats.logouts.map((l) => l.reason)).toEqual(['logout', 'logout']);
  });

  it('shows a username as text, never as markup', async () => {
    const user = visitor();
    await user.signIn('<img src=x onerror=alert(1)>');
    const page = await (await user.go('/script-tag/')).text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');
  });
});

describe('the ping', () => {
  it('answers the server idle seconds as a bare JSON number', async () => {
    const user = visitor();
    await user.signIn();
    tick(4.5);
    const response = await user.go('/session_security/ping/?idleFor=7');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('4');
  });

  it('moves the server stamp when the browser saw more recent activity, never back', async () => {
    const user = visitor();
    await user.signIn();
    tick(8);
    expect(await user.ping('3')).toBe(3);
    tick(2);
    expect(await user.ping('15')).toBe(5);
  });

  it('counts a negative idleFor as 0', async () => {
    const user = visitor();
    await user.signIn();
    tick(6);
    expect(await user.ping('-5')).toBe(0);
  });

  it('ignores an idleFor that is not an integer, without counting it as activity', async () => {
    const user = visitor();
    await user.signIn();
    tick(6);
    expect(await user.ping('2.5')).toBe(6);
    expect(await user.ping('abc')).toBe(6);
    expect(await user.ping('%202%20')).toBe(2);
  });

  it('counts a ping without idleFor as activity', async () => {
    const user = visitor();
    await user.signIn();
    tick(6);
    expect(await user.ping()).toBe(0);
  });

  it('answers "logout" to a browser without a session', async () => {
    const response = await visitor().go('/session_security/ping/?idleFor=0');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('"logout"');
  });

  it('records every ping it answers, with the idleFor it carried', async () => {
    const user = visitor();
    await user.signIn();
    tick(3);
    await user.ping('1');
    await user.ping();
    expect(demo.stats.pings).toEqual([
      { idleFor: '1', answer: 1, at: clock },
      { idleFor: null, answer: 0, at: clock },
    ]);
  });
});

describe('activity and expiry on the server clock', () => {
  it('counts a page load as activity', async () => {
    const user = visitor();
    await user.signIn();
    tick(15);
    await user.go('/es-module/');
    tick(2);
    expect(await user.ping('99')).toBe(2);
  });

  it('does not count the passive status URL as activity', async () => {
    const user = visitor();
    await user.signIn();
    tick(7);
    const status = await (await user.go('/api/session/')).json();
    expect(status).toEqual({ username: 'ada', idleFor: 7, warnAfter: 10, expireAfter: 20 });
    expect(await user.ping('99')).toBe(7);
  });

  it('keeps the session until expireAfter, then logs out on any request, the ping included', async () => {
    const user = visitor();
    await user.signIn();
    tick(19.999);
    expect(await user.ping('99')).toBe(19);
    tick(0.001);
    expect(await user.ping('0')).toBe('logout');
    expect((await user.go('/script-tag/')).headers.get('location')).toBe('/login/?next=%2Fscript-tag%2F');
    expect(demo.stats.logouts).toEqual([{ username: 'ada', reason: 'expired', at: clock }]);
  });

  it('ends the session its lifetime after the sign-in (600 s unless set), whatever the activity', async () => {
    const user = visitor();
    await user.signIn();
    const page = await (await user.go('/script-tag/')).text();
    expect(page).toContain(`data-ends-at="${new Date(clock + 600_000).toISOString()}"`);
    // Active every 10 s until a millisecond before it.
    for (let second = 0; second < 590; second += 10) {
      tick(10);
      expect(await user.ping('0')).toBe(0);
    }
    tick(9.999);
    expect(await user.ping('0')).toBe(0);
    tick(0.001);
    expect(await user.ping('0')).toBe('logout');
    expect(demo.stats.logouts).toEqual([{ username: 'ada', reason: 'lifetime', at: clock }]);
  });

  it('takes a lifetime from the settings, counted from the sign-in', async () => {
    const user = visitor();
    await user.signIn();
    const signedIn = clock;
    tick(5);
    await user.post('/settings/', { warnAfter: '10', expireAfter: '20', lifetime: '90', next: '/es-module/' });
    const page = await (await user.go('/es-module/')).text();
    expect(page).toContain(`endsAt: '${new Date(signedIn + 90_000).toISOString()}'`);
    expect(page).toContain('Signed out 90 s after signing in, whatever you do.');
    await user.post('/settings/', { warnAfter: '10', expireAfter: '20', lifetime: '0', next: '/es-module/' });
    expect(await (await user.go('/es-module/')).text()).toContain(
      'lifetime must be a whole number of seconds from 1 to 86400, got 0',
    );
  });

  it('logs out a page load made too late, which does not revive the session', async () => {
    const user = visitor();
    await user.signIn();
    tick(25);
    const page = await user.go('/script-tag/');
    expect(page.status).toBe(302);
    expect(page.headers.get('set-cookie')).toContain('Max-Age=0');
  });
});

describe('the pages', () => {
  it('renders the three ways to use the SDK with the session timeouts', async () => {
    const user = visitor();
    await user.signIn();
    const scriptTag = await (await user.go('/script-tag/')).text();
    expect(scriptTag).toContain('<script src="/dist/session-security.min.js"');
    expect(scriptTag).toContain('data-warn-after="10"');
    expect(scriptTag).toContain('data-return-to-url="/login/?next=/script-tag/"');

    const esModule = await (await user.go('/es-module/')).text();
    expect(esModule).toContain("import { SessionSecurity } from '/dist/session-security.js';");
    expect(esModule).toContain('warnAfter: 10,\n    expireAfter: 20,');

    const django = await (await user.go('/django/')).text();
    expect(django).toContain('<div id="session_security_warning"');
    expect(django).toContain('new yourlabs.SessionSecurity({');
    expect(django).not.toMatch(/<script[^>]*jquery/i);
  });

  it('shows the dialog in the language the visitor chooses: its locale script, or its locale spread', async () => {
    const user = visitor();
    await user.signIn();
    const scriptTag = await (await user.go('/script-tag/?lang=pt-BR')).text();
    expect(scriptTag).toMatch(
      /<script src="\/dist\/locales\/pt-BR.min.js"><\/script>\s*<script src="\/dist\/session-security.min.js"\s+data-lang="pt-BR"/,
    );
    expect(scriptTag).toContain('<option value="pt-BR" lang="pt-BR" selected');
    expect(scriptTag).toContain('<a href="/es-module/?lang=pt-BR"');

    const esModule = await (await user.go('/es-module/?lang=ar')).text();
    expect(esModule).toContain("import locale from '/dist/locales/ar.js';");
    expect(esModule).toContain('new SessionSecurity({\n    ...locale,');

    // English is built in; a language the demo does not have, or anything else, is English.
    for (const lang of ['en', 'xx', '"><script>alert(1)</script>'])
      expect(await (await user.go(`/script-tag/?lang=${encodeURIComponent(lang)}`)).text()).not.toMatch(
        /dist\/locales|data-lang|alert\(1\)/,
      );
    expect(await (await user.go('/django/?lang=pl')).text()).not.toContain('dist/locales');
  });

  it('lets the visitor change the timeouts of the session', async () => {
    const user = visitor();
    await user.signIn();
    const applied = await user.post('/settings/', { warnAfter: '2', expireAfter: '5', next: '/django/' });
    expect(applied.headers.get('location')).toBe('/django/');
    const page = await (await user.go('/django/')).text();
    expect(page).toContain('warnAfter: 2,');
    expect(page).toContain('Timeouts set: warning after 2 s, sign-out after 5 s.');
    tick(5);
    expect(await user.ping('0')).toBe('logout');
  });

  it('refuses timeouts that cannot work, and says why', async () => {
    const user = visitor();
    await user.signIn();
    await user.post('/settings/', { warnAfter: '9', expireAfter: '9', next: '/script-tag/' });
    const page = await (await user.go('/script-tag/')).text();
    expect(page).toContain('warnAfter (9) must be less than expireAfter (9)');
    expect(page).toContain('data-warn-after="10"');
  });

  it('serves the demo assets, and nothing outside its folders', async () => {
    const css = await fetch(`${demo.url}/static/demo.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const status = await new Promise<number | undefined>((done) =>
      request(`${demo.url}/static/..%2f..%2fpackage.json`, (res) => done(res.statusCode)).end(),
    );
    expect(status).toBe(404);
  });
});

describe('the embedded editor', () => {
  it("is served from another origin, and tells only the demo's origin of its user's activity", async () => {
    expect(new URL(demo.frameUrl).origin).not.toBe(demo.url);
    const editor = await (await fetch(demo.frameUrl)).text();
    expect(editor).toContain(`const parentOrigin = ${JSON.stringify(demo.url)};`);
    expect(editor).toContain("parent.postMessage('session-security:activity', parentOrigin);");
    const user = visitor();
    await user.signIn();
    for (const path of ['/script-tag/', '/es-module/'])
      expect(await (await user.go(path)).text()).toContain(`src="${demo.frameUrl}"`);
    expect((await fetch(new URL('/script-tag/', demo.frameUrl))).status).toBe(404);
  });
});

describe('createDemoServer', () => {
  it('refuses timeouts where the warning would not come first', async () => {
    await expect(createDemoServer({ port: 0, warnAfter: 20, expireAfter: 20 })).rejects.toThrow(RangeError);
  });
});

describe('node demo/server.mjs', () => {
  it('says where it listens and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['demo/server.mjs'], { env: { ...process.env, PORT: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//);
    const url = output.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
    expect((await fetch(`${url}/login/`)).status).toBe(200);
    child.kill('SIGINT');
    const code = await new Promise((done) => child.on('exit', done));
    expect(code).toBe(0);
    expect(output).toContain('Demo stopped.');
  });
});
