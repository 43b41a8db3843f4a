import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { json, type NewContext, page, useBrowser } from './harness';

const tag = (attributes: string, build = 'min') =>
  `<script src="/dist/session-security.${build}.js" ${attributes}></script>`;
/** A misspelt attribute beside a feature's. */
const TYPO = 'data-ping-url="/ping/" data-warn-aftr="5" data-title-countdown="true"';
const ATTRIBUTES = 'data-ping-url="/ping/" data-warn-after="2" data-expire-after="30" data-events="keydown click"';

const { bed, it } = useBrowser({
  '/ping/': json(() => 1),
  '/favicon.ico': (_req, res) => void res.writeHead(204).end(),
  '/plain/': page('<p>plain</p>', tag(ATTRIBUTES)),
  '/defer/': page('<p>defer</p>', tag(`defer ${ATTRIBUTES}`)),
  '/async/': page('<p>async</p>', tag(`async ${ATTRIBUTES}`)),
  '/end-of-body/': page(`<p>end</p>${tag(ATTRIBUTES)}`),
  '/bad/': page('<p>bad</p><button>still works</button>', tag('data-ping-url="/ping/" data-warn-after="soon"')),
  '/inverted/': page('<p>bad</p>', tag('data-ping-url="/ping/" data-warn-after="60" data-expire-after="30"')),
  '/script-url/': page(
    '<p>script URL</p>',
    tag('data-ping-url="/ping/" data-return-to-url="javascript:alert(document.cookie)"'),
  ),
  '/short-window/': page('<p>short</p>', tag('data-ping-url="/ping/" data-warn-after="590" data-expire-after="600"')),
  '/short-window-development/': page(
    '<p>short</p>',
    tag('data-ping-url="/ping/" data-warn-after="590" data-expire-after="600"', 'development'),
  ),
  '/typo/': page('<p>typo</p>', tag(TYPO)),
  '/typo-development/': page('<p>typo</p>', tag(TYPO, 'development')),
  '/global-only/': page('<p>no ping url</p>', tag('')),
  '/module/': page(
    '<p>module</p>',
    `<script type="module">
      import { SessionSecurity } from '/dist/session-security.js';
      window.sessionSecurity = new SessionSecurity({ pingUrl: '/ping/', warnAfter: 2, expireAfter: 30 });
    </script>`,
  ),
});

async function visit(newContext: NewContext, path: string): Promise<{ tab: Page; errors: string[] }> {
  const context = await newContext();
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`${bed.server.url}${path}`);
  return { tab, errors };
}

/** The console's warnings while a page starts the SDK. */
async function warnings(newContext: NewContext, path: string): Promise<string[]> {
  const tab = await (await newContext()).newPage();
  const seen: string[] = [];
  tab.on('console', (m) => m.type() == 'warning' && seen.push(m.text()));
  await tab.goto(`${bed.server.url}${path}`);
  await tab.waitForFunction(() => 'sessionSecurity' in window);
  return seen;
}

describe.concurrent('the classic script', () => {
  it.for(['/plain/', '/defer/', '/async/', '/end-of-body/'])(
    'starts itself from data attributes (%s) and warns',
    async (path, { expect, newContext }) => {
      const { tab, errors } = await visit(newContext, path);
      await tab.waitForFunction(() => (window as unknown as { sessionSecurity?: unknown }).sessionSecurity);
      const started = await tab.evaluate(() => {
        const s = (window as unknown as { sessionSecurity: unknown; SessionSecurity: new () => unknown })
          .sessionSecurity;
        return s instanceof (window as unknown as { SessionSecurity: new () => unknown }).SessionSecurity;
      });
      expect(started).toBe(true);
      await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
      expect(errors).toEqual([]);
    },
  );

  it('logs one clear error naming a bad attribute and its value, and the page goes on', async ({
    expect,
    newContext,
  }) => {
    const { tab, errors } = await visit(newContext, '/bad/');
    await tab.click('button');
    expect(errors).toEqual(['session-security: data-warn-after must be a number, got "soon"']);
    expect(await tab.evaluate(() => 'sessionSecurity' in window)).toBe(false);
    const inverted = await visit(newContext, '/inverted/');
    expect(inverted.errors).toEqual(['session-security: data-warn-after must be less than expireAfter (30), got 60']);
  });

  it('refuses a return URL that is script, naming the attribute, and starts nothing', async ({
    expect,
    newContext,
  }) => {
    const { tab, errors } = await visit(newContext, '/script-url/');
    expect(errors).toEqual([
      'session-security: data-return-to-url must be a relative or http(s) URL, got "javascript:alert(document.cookie)"',
    ]);
    expect(await tab.evaluate(() => 'sessionSecurity' in window)).toBe(false);
    const thrown = await tab.evaluate(() => {
      try {
        new (window as any).SessionSecurity({ pingUrl: '/ping/', logoutUrl: 'data:text/html,<p>x' });
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    expect(thrown).toBe(
      'TypeError: session-security: option "logoutUrl" must be a relative or http(s) URL, got "data:text/html,<p>x"',
    );
  });

  it('warns the developer of a short warning window in its development build only', async ({ expect, newContext }) => {
    expect(await warnings(newContext, '/short-window-development/')).toEqual([
      'session-security: WCAG 2.2.1 asks for 20 s to respond to the warning, expireAfter - warnAfter gives 10',
    ]);
    expect(await warnings(newContext, '/short-window/')).toEqual([]);
  });

  it('names a misspelt attribute and the one meant in its development build only', async ({ expect, newContext }) => {
    expect(await warnings(newContext, '/typo-development/')).toEqual([
      'session-security: unknown attribute data-warn-aftr, ignored; did you mean data-warn-after?',
    ]);
    expect(await warnings(newContext, '/typo/')).toEqual([]);
  });

  it('only defines the global without data-ping-url', async ({ expect, newContext }) => {
    const { tab, errors } = await visit(newContext, '/global-only/');
    const globals = await tab.evaluate(() => [
      typeof (window as any).SessionSecurity,
      'sessionSecurity' in window,
      typeof (window as any).yourlabs?.SessionSecurity,
    ]);
    expect(globals).toEqual(['function', false, 'function']);
    expect(errors).toEqual([]);
  });
});

describe.concurrent('the ES module', () => {
  it('is imported and started by a page, with the dialog', async ({ expect, newContext }) => {
    const { tab, errors } = await visit(newContext, '/module/');
    await tab.getByRole('alertdialog').waitFor({ timeout: 5000 });
    expect(errors).toEqual([]);
  });
});
