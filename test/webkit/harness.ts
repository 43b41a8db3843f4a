// The bed of the WebKit tests: WebKitGTK's MiniBrowser in a virtual display, driven over classic
// WebDriver (webdriver.ts), a fresh browser per test, and the loopback server of the other suites.
import { afterAll, beforeAll, test } from 'vitest';
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

type Driver = Awaited<ReturnType<typeof startWebKitDriver>>;

/** A test's opener of browsers, closed when it finishes: see {@link useWebKit}. */
export type NewBrowser = () => Promise<Browser>;

/**
 * A test file's bed: a server of `routes` for all its tests, and its `it`, whose tests get
 * `newBrowser`: it opens a browser (one profile) that is closed when the test finishes, so that
 * tests can run concurrently (`describe.concurrent`). WebKitWebDriver drives one session at a
 * time ("Maximum number of active sessions"): each browser open at once has a driver of its own,
 * started when none is free and kept for the file's next tests.
 */
export function useWebKit(routes: Record<string, string | Handler>) {
  const drivers: Driver[] = [];
  const free: Driver[] = [];
  const bed = { server: undefined as unknown as Served };
  const startDriver = async () => {
    const driver = await startWebKitDriver();
    drivers.push(driver);
    return driver;
  };
  beforeAll(async () => {
    assertBuilt();
    bed.server = await serve(routes);
  });
  afterAll(async () => {
    await Promise.all(drivers.map((driver) => driver.stop()));
    await bed.server?.close();
  });
  const it = test.extend('newBrowser', ({ onTestFinished }) => {
    const opened: { browser: Browser; driver: Driver }[] = [];
    onTestFinished(async () => {
      await Promise.all(
        opened.map(async ({ browser, driver }) => {
          await browser.close();
          free.push(driver);
        }),
      );
    });
    const newBrowser: NewBrowser = async () => {
      const driver = free.pop() ?? (await startDriver());
      const browser = await Browser.open(driver.url, WEBKIT_CAPABILITIES).catch((error: unknown) => {
        free.push(driver);
        throw error;
      });
      opened.push({ browser, driver });
      return browser;
    };
    return newBrowser;
  });
  return { bed, it };
}
