// The bed of the WebKit tests: WebKitGTK's MiniBrowser in a virtual display, driven over classic
// WebDriver (webdriver.ts), a fresh browser per test, and the loopback server of the other suites.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startWebKitDriver, WEBKIT_CAPABILITIES } from '../../scripts/browsers.mjs';
import { assertBuilt, type Handler, serve, type Served } from '../browser/harness';
import { Browser } from './webdriver';

/**
 * The first script of a test page: keeps what reaches the console as an error, which classic
 * WebDriver cannot read, in `window.errors`: console.error calls, uncaught errors and rejections.
 */
export const RECORD_ERRORS = `<script>
  window.errors = [];
  {
    const error = console.error;
    console.error = (...args) => (errors.push(args.join(' ')), error(...args));
  }
  addEventListener('error', (event) => errors.push(String(event.error ?? event.message)));
  addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
</script>`;

/**
 * A test file's bed: WebKitWebDriver and a server of `routes` for all its tests, and browsers (one
 * profile each) that are closed after the test that opened them.
 */
export function useWebKit(routes: Record<string, string | Handler>) {
  let driver: Awaited<ReturnType<typeof startWebKitDriver>> | undefined;
  let browsers: Browser[] = [];
  const bed = {
    server: undefined as unknown as Served,
    async browser(): Promise<Browser> {
      const browser = await Browser.open(driver!.url, WEBKIT_CAPABILITIES);
      browsers.push(browser);
      return browser;
    },
  };
  beforeAll(async () => {
    assertBuilt();
    driver = await startWebKitDriver();
    bed.server = await serve(routes);
  });
  afterEach(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    browsers = [];
  });
  afterAll(async () => {
    await driver?.stop();
    await bed.server?.close();
  });
  return bed;
}
