import { listen } from './listen.js';
import { configure, type CoreOptions } from './options.js';
import type { Contract } from './ping.js';
import { browserPlatform, type Platform } from './platform.js';
import { startSession } from './session.js';
import type {
  ExpireReason,
  Session,
  SessionSecurityEventMap,
  SessionSnapshot,
  SessionState,
  SnapshotListener,
  WarningView,
} from './types.js';

type Listener<K extends keyof SessionSecurityEventMap> = (
  this: SessionSecurity,
  event: SessionSecurityEventMap[K],
) => unknown;

// Merged with the class below: its addEventListener, typed by the event map.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SessionSecurity {
  addEventListener<K extends keyof SessionSecurityEventMap>(
    type: K,
    listener: Listener<K>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof SessionSecurityEventMap>(
    type: K,
    listener: Listener<K>,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}

/**
 * Logs out an inactive user: tracks activity in every tab of the browser, pings the server,
 * warns before the end and ends the session in every tab. It starts when constructed.
 * The entries' classes extend it with their ping contract and their warning.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SessionSecurity extends EventTarget {
  #session: Session;

  /**
   * Validates every option, then starts: a rejected construction leaves nothing running.
   * @param platform replaces the browser's clock, timers, fetch, storage and tab channel (tests, embedding).
   * @param view makes the warning when the `view` option is absent, once the options are valid.
   * @param contract makes the ping when the `ping` option is absent, once the options are valid.
   * @throws TypeError or RangeError naming the first bad option and its value.
   */
  constructor(
    options: CoreOptions,
    platform: Platform | undefined,
    /** @internal */ view: ((session: SessionSecurity) => WarningView) | undefined,
    /** @internal */ contract: Contract,
  ) {
    super();
    const config = configure(options);
    platform ??= browserPlatform();
    config.ping ??= contract(config, platform);
    config.view ??= view?.(this);
    this.#session = startSession(
      (type: string, detail?: unknown, cancelable?: boolean) =>
        this.dispatchEvent(new CustomEvent(type, { detail, cancelable })),
      config,
      platform,
    );
  }

  /**
   * Where the session stands, from the clock (a late timer does not delay it). A tab held back past
   * its deadline (frozen, asleep) covers the page at once and ends a task later, once the other
   * tabs' news queued meanwhile has run.
   */
  get state(): SessionState {
    return this.snapshot.state;
  }

  /** Whole seconds since the last activity in any tab. */
  get idleSeconds(): number {
    return Math.floor(this.#session.look().idle / 1000);
  }

  /** Whole seconds until the session ends, unless there is activity. */
  get remainingSeconds(): number {
    return Math.ceil(this.#session.look().remaining / 1000);
  }

  /**
   * What a page renders from: `{ state: 'active' }`, `{ state: 'warning', secondsLeft }`
   * or `{ state: 'expired', reason }`. Frozen, and the same object until one of them changes, so
   * it is React's `getSnapshot`. Read from the clock, as `state` is: never stale after a late timer
   * (see `state` for a tab held back past its deadline).
   */
  get snapshot(): SessionSnapshot {
    return this.#session.look().snapshot;
  }

  /**
   * Calls `listener` at once with the snapshot, then with each new one: when the state changes,
   * each second while the warning shows, and once when the session ends. This is the store
   * contract of Svelte (an instance is a Svelte store as it is), and React's `subscribe`.
   *
   * Listeners are called after the change's own code has run (in a microtask), never within a
   * read of `snapshot`, and never twice with one snapshot. Subscribing or unsubscribing inside a
   * listener is safe. After `destroy()` nothing changes any more: `subscribe` still calls the
   * listener once with the last snapshot, and unsubscribing is harmless.
   * @returns the function that unsubscribes `listener`.
   */
  subscribe(listener: SnapshotListener): () => void {
    let seen = this.snapshot;
    listener(seen);
    return listen(
      this,
      'change',
      (event: CustomEvent<SessionSnapshot>) => seen != event.detail && listener((seen = event.detail)),
    );
  }

  /** Records activity, as a user event does: dismisses the warning in every tab and tells the server. */
  activity(): void {
    this.#session.activity();
  }

  /** Ends the session now in every tab, then goes to `logoutUrl` (else `returnToUrl`, else reloads). */
  logout(): void {
    this.#session.end('logout');
  }

  /** Stops: removes every listener, timer and channel it made, and hides the warning. */
  destroy(): void {
    this.#session.destroy();
  }

  /**
   * Ends the session in every tab for `reason`; with `leave` false the browser is already leaving
   * by itself (a link to the logout URL). For the package's own entries. @internal
   */
  _end(reason: ExpireReason, leave?: boolean): void {
    this.#session.end(reason, leave);
  }
}
