// The browsers of the real-browser tests (and Chromium for the benchmarks): where each engine is,
// the Debian packages that provide it, and how it is launched on a machine whose network is closed.
// Browsers are never downloaded: the tests drive the ones the system provides.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, firefox } from 'playwright-core';

/** @typedef {'chromium' | 'firefox' | 'webkit'} Engine */

/** @type {Engine[]} */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** The engine of this test run, from `ENGINE`; Chromium when unset. */
export const ENGINE = /** @type {Engine} */ (process.env.ENGINE || 'chromium');
if (!ENGINES.includes(ENGINE)) throw new Error(`ENGINE=${ENGINE} is not one of ${ENGINES.join(', ')}.`);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Debian's Firefox ESR over WebDriver BiDi. playwright-core is pinned to 1.64.1: 1.65 opens every
// page with emulation.setMediaFeaturesOverride, which this Firefox does not know.
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? `${process.arch}-linux-gnu`;

// WebKitGTK: its MiniBrowser under automation, through its classic WebDriver server, in a virtual
// X display. Playwright's own WebKit build is not used: it would be a download.
export const WEBKIT = {
  driver: '/usr/bin/WebKitWebDriver',
  browser: `/usr/lib/${MULTIARCH}/webkit2gtk-4.1/MiniBrowser`,
  xvfb: '/usr/bin/Xvfb',
};

/** A Japanese font: the dialog in Japanese is laid out and screenshotted (test/browser/locales.test.ts). */
const JAPANESE_FONT = '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf';

/** What each engine needs on disk, and the apt-get install arguments that provide it on Debian. */
export const REQUIREMENTS = {
  chromium: {
    files: [CHROMIUM_PATH, JAPANESE_FONT],
    install: ['chromium', 'fonts-ipafont-gothic'],
    overridden: !!process.env.CHROMIUM_PATH,
  },
  firefox: {
    files: [FIREFOX_PATH, JAPANESE_FONT],
    install: ['--no-install-recommends', 'firefox-esr', 'fonts-ipafont-gothic'],
    overridden: !!process.env.FIREFOX_PATH,
  },
  webkit: {
    files: Object.values(WEBKIT),
    install: ['--no-install-recommends', 'webkit2gtk-driver', 'xvfb'],
    overridden: false,
  },
};

/**
 * The files `engine` needs that are not there.
 * @param {Engine} engine
 */
export const missing = (engine) => REQUIREMENTS[engine].files.filter((file) => !existsSync(file));

/** @param {Engine} engine */
function ensure(engine) {
  const absent = missing(engine);
  if (absent.length)
    throw new Error(
      `${ENGINE_NAMES[engine]}: ${absent.join(', ')} not found. Install it (Debian: apt-get install -y ${REQUIREMENTS[engine].install.join(' ')}), or run \`npm test\` as root on Debian.`,
    );
}

/**
 * The playwright-core launch options of Chromium or Firefox. Firefox over BiDi ignores the
 * colour-scheme and reduced-motion emulation of a context, so there `media` becomes preferences
 * of the whole browser.
 * @param {'chromium' | 'firefox'} engine
 * @param {{ colorScheme?: string | null, reducedMotion?: string | null }} [media] as in a context's options
 */
function launchOptions(engine, media = {}) {
  if (engine == 'chromium') return { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };
  /** @type {Record<string, number>} */
  const firefoxUserPrefs = {};
  // The content's prefers-color-scheme: 0 is dark, 1 light.
  if (media.colorScheme == 'dark' || media.colorScheme == 'light')
    firefoxUserPrefs['layout.css.prefers-color-scheme.content-override'] = media.colorScheme == 'dark' ? 0 : 1;
  if (media.reducedMotion == 'reduce' || media.reducedMotion == 'no-preference')
    firefoxUserPrefs['ui.prefersReducedMotion'] = media.reducedMotion == 'reduce' ? 1 : 0;
  return { channel: 'moz-firefox', executablePath: FIREFOX_PATH, headless: true, firefoxUserPrefs };
}

/**
 * Launches Chromium or Firefox through playwright-core; a missing one fails with the fix, never skips.
 * @param {'chromium' | 'firefox'} engine
 * @param {{ colorScheme?: string | null, reducedMotion?: string | null }} [media] see {@link launchOptions}
 */
export function launch(engine, media = {}) {
  ensure(engine);
  return (engine == 'chromium' ? chromium : firefox).launch(launchOptions(engine, media));
}

/**
 * Launches Chromium or Firefox as a server that test files connect to (`connect(wsEndpoint())`),
 * rather than each launching its own.
 * @param {'chromium' | 'firefox'} engine
 */
export function launchServer(engine) {
  ensure(engine);
  return (engine == 'chromium' ? chromium : firefox).launchServer(launchOptions(engine));
}

/** Launches Chromium: the benchmarks' browser. */
export const launchChromium = () => launch('chromium');

/** The capabilities of a WebDriver session of WebKitGTK's MiniBrowser. */
export const WEBKIT_CAPABILITIES = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': { binary: WEBKIT.browser, args: ['--automation'] },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` wrote a line to the pipe `fd`, with that line; rejects if it exits first. */
function firstLine(child, fd, what) {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdio[fd].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before starting`)));
  });
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}

/**
 * Starts a virtual X display and WebKitWebDriver on a free loopback port.
 * @returns {Promise<{ url: string, stop(): Promise<void> }>} the driver's URL, and what stops both
 */
export async function startWebKitDriver() {
  ensure('webkit');
  // -displayfd: Xvfb takes the first free display number and writes it to that descriptor.
  const xvfb = spawn(WEBKIT.xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = `:${await firstLine(xvfb, 3, 'Xvfb')}`;
  const port = await freePort();
  // NO_AT_BRIDGE: no accessibility bus to look for, which would print warnings and wait.
  const driver = spawn(WEBKIT.driver, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display, NO_AT_BRIDGE: '1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stopBoth = () => Promise.all([stop(driver), stop(xvfb)]).then(() => undefined);
  const answers = () =>
    fetch(`${url}/status`)
      .then((response) => response.ok)
      .catch(() => false);
  const deadline = Date.now() + 10_000;
  while (!(await answers())) {
    if (driver.exitCode !== null || Date.now() > deadline) {
      await stopBoth();
      throw new Error(`WebKitWebDriver did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, stop: stopBoth };
}
