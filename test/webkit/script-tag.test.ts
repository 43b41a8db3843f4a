import { describe } from 'vitest';
import { json, page } from '../browser/harness';
import { type NewBrowser, RECORD_ERRORS, useWebKit } from './harness';
import type { Tab } from './webdriver';

const tag = (attributes: string) =>
  `${RECORD_ERRORS}<script src="/dist/session-security.min.js" ${attributes}></script>`;
const ATTRIBUTES = 'data-ping-url="/ping/" data-warn-after="2" data-expire-after="30"';

const { bed, it } = useWebKit({
  '/ping/': json(() => 1),
  '/favicon.ico': (_req, res) => void res.writeHead(204).end(),
  '/plain/': page('<p>plain</p>', tag(ATTRIBUTES)),
  '/defer/': page('<p>defer</p>', tag(`defer ${ATTRIBUTES}`)),
  '/async/': page('<p>async</p>', tag(`async ${ATTRIBUTES}`)),
  '/end-of-body/': page(`<p>end</p>${tag(ATTRIBUTES)}`, ''),
  '/bad/': page('<p>bad</p>', tag('data-ping-url="/ping/" data-warn-after="soon"')),
  '/module/': page(
    '<p>module</p>',
    `${RECORD_ERRORS}<script type="module">
      import { SessionSecurity } from '/dist/session-security.js';
      window.sessionSecurity = new SessionSecurity({ pingUrl: '/ping/', warnAfter: 2, expireAfter: 30 });
    </script>`,
  ),
});

type TestWindow = Window & { errors: string[]; sessionSecurity?: unknown; SessionSecurity: new () => unknown };

async function visit(newBrowser: NewBrowser, path: string): Promise<Tab> {
  const browser = await newBrowser();
  return browser.newTab(`${bed.server.url}${path}`);
}

const errors = (tab: Tab) => tab.evaluate(() => (window as unknown as TestWindow).errors);
const warned = (tab: Tab) => tab.waitFor(() => document.querySelector('[role=alertdialog]')?.matches(':modal'));

describe.concurrent('the classic script, in WebKit', () => {
  it.for(['/plain/', '/defer/', '/async/', '/end-of-body/'])(
    'starts itself from data attributes (%s) and warns',
    async (path, { expect, newBrowser }) => {
      const tab = await visit(newBrowser, path);
      await tab.waitFor(() => 'sessionSecurity' in window);
      expect(
        await tab.evaluate(
          () =>
            (window as unknown as TestWindow).sessionSecurity instanceof
            (window as unknown as TestWindow).SessionSecurity,
        ),
      ).toBe(true);
      await warned(tab);
      expect(await errors(tab)).toEqual([]);
    },
  );

  it('logs one clear error naming a bad attribute and its value, and the page goes on', async ({
    expect,
    newBrowser,
  }) => {
    const tab = await visit(newBrowser, '/bad/');
    expect(await errors(tab)).toEqual(['session-security: data-warn-after must be a number, got "soon"']);
    expect(await tab.evaluate(() => 'sessionSecurity' in window)).toBe(false);
  });
});

describe.concurrent('the ES module, in WebKit', () => {
  it('is imported and started by a page, with the dialog', async ({ expect, newBrowser }) => {
    const tab = await visit(newBrowser, '/module/');
    await warned(tab);
    expect(await errors(tab)).toEqual([]);
  });
});
