import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, launchBrowser, page, ROOT, serve, type Served } from './harness';

// The README's examples run verbatim: `session-security` resolves through an import map, the CDN
// URL points at dist/.
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const blocks = (lang: string) =>
  [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
/** The package's exports, as package.json maps them (the default condition). */
const EXPORTS = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).exports as Record<
  string,
  string | { default: string }
>;
// The languages, which the exports map by a pattern (`session-security/locales/<tag>`): an import
// map names each.
const LANGUAGES = readdirSync(resolve(ROOT, 'src/locales'))
  .filter((file) => /^[a-z]{2}(-[A-Za-z]+)?\.ts$/.test(file))
  .map((file) => file.slice(0, -'.ts'.length));
const IMPORT_MAP = `<script type="importmap">${JSON.stringify({
  imports: {
    ...Object.fromEntries(
      Object.entries(EXPORTS)
        .filter(([name, target]) => typeof target == 'object' && !name.includes('*'))
        .map(([name, target]) => [
          name.replace(/^\./, 'session-security'),
          (target as { default: string }).default.slice(1),
        ]),
    ),
    ...Object.fromEntries(LANGUAGES.map((tag) => [`session-security/locales/${tag}`, `/dist/locales/${tag}.js`])),
  },
})}</script>`;

let browser: Browser;
let server: Served;

beforeAll(async () => {
  browser = await launchBrowser();
  const routes: Record<string, Parameters<typeof serve>[0][string]> = {
    '/session_security/ping/': json(() => 0),
    '/favicon.ico': (_req, res) => void res.writeHead(204).end(),
  };
  blocks('html').forEach(
    (html, i) => (routes[`/html/${i}`] = page('', html.replace(/https:\/\/unpkg\.com\/session-security\//g, '/'))),
  );
  // A snippet that continues the one before it has no import line of its own.
  const imported = (js: string) =>
    js.includes('import ') ? js : `import { SessionSecurity } from 'session-security';\n${js}`;
  blocks('js').forEach(
    (js, i) =>
      (routes[`/js/${i}`] = page(
        '',
        `${IMPORT_MAP}<script type="module">${imported(js)}; window.ran = true;</script>`,
      )),
  );
  server = await serve(routes);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the README examples', () => {
  it('exist', () => {
    expect(blocks('html').length).toBeGreaterThanOrEqual(1);
    expect(blocks('js').length).toBeGreaterThanOrEqual(2);
  });

  it.each([...blocks('html').map((_, i) => `/html/${i}`), ...blocks('js').map((_, i) => `/js/${i}`)])(
    'run without error (%s)',
    async (path) => {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
      tab.on('pageerror', (e) => errors.push(String(e)));
      await tab.goto(server.url + path);
      const started = path.startsWith('/html/') ? () => 'sessionSecurity' in window : () => 'ran' in window;
      await tab.waitForFunction(started, undefined, { timeout: 5000 });
      expect(errors).toEqual([]);
      await tab.close();
    },
  );
});
