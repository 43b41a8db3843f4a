// A small client of classic WebDriver (https://www.w3.org/TR/webdriver2/) over fetch(): what the
// WebKit tests need from WebKitWebDriver, which speaks no BiDi and no DevTools protocol.

/** An error the driver answered, named by its WebDriver error code ("no such element", …). */
class WebDriverError extends Error {
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

async function send<T>(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const { value } = (await response.json()) as { value: T | { error: string; message: string } };
  if (!response.ok) {
    const { error, message } = value as { error: string; message: string };
    throw new WebDriverError(error, message);
  }
  return value as T;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The W3C key codes of the keys the tests press. */
export const KEYS = { Escape: '\uE00C', Enter: '\uE007', Tab: '\uE004' } as const;

/** A function run in the page, with arguments that survive JSON. */
type PageFunction<A extends unknown[], R> = (...args: A) => R | Promise<R>;

/**
 * One browser: a WebDriver session and its windows. A command goes to the session's current
 * window, so each call switches to its tab's window first; calls are queued so that two tabs used
 * at once never interleave a switch and a command.
 */
export class Browser {
  private queue: Promise<unknown> = Promise.resolve();
  private current: string | undefined;

  private constructor(private readonly base: string) {}

  /** Opens a session: a new browser process with a profile of its own. */
  static async open(driver: string, capabilities: Record<string, unknown>): Promise<Browser> {
    const { sessionId } = await send<{ sessionId: string }>(`${driver}/session`, 'POST', {
      capabilities: { alwaysMatch: capabilities },
    });
    return new Browser(`${driver}/session/${sessionId}`);
  }

  /** Runs `command` alone, with `handle` as the current window. */
  private in<T>(handle: string, command: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.current != handle) await send(`${this.base}/window`, 'POST', { handle });
      this.current = handle;
      return command();
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private command<T>(handle: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.in(handle, () => send<T>(`${this.base}${path}`, method, body));
  }

  /** The session's first window, then a new window per call: tabs sharing storage and BroadcastChannel. */
  async newTab(url?: string): Promise<Tab> {
    const handle = this.current === undefined ? await this.firstWindow() : await this.newWindow(this.current);
    const tab = new Tab((method, path, body) => this.command(handle, method, path, body));
    if (url) await tab.goto(url);
    return tab;
  }

  private async firstWindow(): Promise<string> {
    this.current = await send<string>(`${this.base}/window`, 'GET');
    return this.current;
  }

  private async newWindow(current: string): Promise<string> {
    const { handle } = await this.command<{ handle: string }>(current, 'POST', '/window/new', { type: 'window' });
    return handle;
  }

  /** Ends the session, which closes every window and the browser. */
  close(): Promise<void> {
    return send(this.base, 'DELETE');
  }
}

type Command = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<T>;

/** One window of a {@link Browser}. */
export class Tab {
  constructor(private readonly command: Command) {}

  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void> {
    return this.command('POST', '/url', { url });
  }

  async url(): Promise<string> {
    return this.command('GET', '/url');
  }

  /** Runs `fn` in the page with `args` and answers its result (awaited when a promise). */
  evaluate<A extends unknown[], R>(fn: PageFunction<A, R>, ...args: A): Promise<R> {
    return this.command('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn.toString()}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
          .then(done, (error) => done({ __error: String(error && error.stack || error) }));`,
      args,
    }).then((result) => {
      const failed = result as { __error?: string } | null;
      if (failed && typeof failed == 'object' && '__error' in failed) throw new Error(`in the page: ${failed.__error}`);
      return result as R;
    });
  }

  /** Runs a script's source in the page, as a classic script would (e.g. a library that defines a global). */
  addScript(source: string): Promise<void> {
    return this.command('POST', '/execute/sync', { script: `(0, eval)(arguments[0]);`, args: [source] });
  }

  /** Polls `fn` in the page every 50 ms until it answers a truthy value, which it returns. */
  async waitFor<A extends unknown[], R>(
    fn: PageFunction<A, R>,
    { timeout = 5000, args = [] as unknown as A } = {},
  ): Promise<R> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, ...args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${fn.toString()}`);
      await pause();
    }
  }

  /** Waits until the tab's URL matches `pattern`. */
  async waitForURL(pattern: RegExp, timeout = 5000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (let url = await this.url(); !pattern.test(url); url = await this.url()) {
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeout} ms waiting for a URL matching ${pattern}, at ${url}`);
      await pause();
    }
  }

  /** Presses and releases a key (a character, or one of {@link KEYS}) as the user would. */
  press(key: string): Promise<void> {
    return this.actions([
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: key },
          { type: 'keyUp', value: key },
        ],
      },
    ]);
  }

  /** Moves the mouse to `x`, `y` of the viewport, as the user would. */
  move(x: number, y: number): Promise<void> {
    return this.actions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport', duration: 0 }],
      },
    ]);
  }

  /** Clicks with the mouse at `x`, `y` of the viewport, as the user would. */
  click(x: number, y: number): Promise<void> {
    return this.actions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport', duration: 0 },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
  }

  /** Clicks with the mouse at the middle of the first element matching `selector`. */
  async clickOn(selector: string): Promise<void> {
    const { x, y } = await this.evaluate((selector) => {
      const box = document.querySelector(selector)!.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }, selector);
    await this.click(x, y);
  }

  private async actions(actions: unknown[]): Promise<void> {
    await this.command('POST', '/actions', { actions });
    await this.command('DELETE', '/actions');
  }
}
