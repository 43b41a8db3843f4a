import type { Verdict } from './idle-model.js';

/** Where the session stands, as every tab of the browser sees it. */
export type SessionState = 'active' | 'warning' | 'expired';

/**
 * What a page renders from: frozen, and the same object until the state, the seconds left while
 * the warning shows, whether it can be dismissed, or the reason of the end change (React's
 * `useSyncExternalStore` compares snapshots by identity). While the user is active it never changes.
 */
export type SessionSnapshot =
  | {
      readonly state: 'active';
      readonly secondsLeft?: undefined;
      readonly reason?: undefined;
    }
  | {
      readonly state: 'warning';
      /** Whole seconds until the session expires, never negative; a new snapshot each second. */
      readonly secondsLeft: number;
      readonly reason?: undefined;
    }
  | {
      readonly state: 'expired';
      readonly secondsLeft?: undefined;
      readonly reason: ExpireReason;
    };

/** Called with each new snapshot; see `SessionSecurity.subscribe`. */
export type SnapshotListener = (snapshot: SessionSnapshot) => void;

/** What a ping answers: the server's idle seconds after merging ours, or `'logout'`. */
export type PingAnswer = number | 'logout';

/**
 * A ping contract as a plain function, for any backend: report `idleFor` seconds of inactivity,
 * resolve with the server's idle seconds or `'logout'`. Reject (or throw) for an error; honour
 * `signal`, which aborts when the SDK stops waiting.
 */
export type PingFunction = (idleFor: number, signal: AbortSignal) => Promise<PingAnswer> | PingAnswer;

/** Why a ping failed. None of them extends the session. */
export type PingErrorReason = 'network' | 'timeout' | 'http' | 'parse';

/**
 * Why the session ended: `idle` (no activity for `expireAfter`), `server` (the server said it
 * ended), `logout` (the page logged out), `tab` (another tab of this browser ended it),
 * `lifetime` (its absolute lifetime ran out: `session-security/lifetime`).
 */
export type ExpireReason = 'idle' | 'server' | 'logout' | 'tab' | 'lifetime';

/**
 * Renders the warning. The SDK calls `show` when the warning starts (in every tab), `update`
 * every second while it shows, and `hide` when activity dismisses it or the instance stops.
 */
export interface WarningView {
  /** @param secondsLeft whole seconds until the session expires, never negative. */
  show(secondsLeft: number): void;
  /** @param secondsLeft whole seconds until the session expires, never negative. */
  update(secondsLeft: number): void;
  hide(): void;
}

/** Detail of the `ping` event. */
export interface PingEventDetail {
  /** The idle seconds this browser reported. */
  idleFor: number;
  /** What the server answered. */
  answer: PingAnswer;
}

/** Detail of the `error` event. */
export interface ErrorEventDetail {
  reason: PingErrorReason;
  /** The HTTP status, for `reason: 'http'`. */
  status?: number;
  /** The underlying error, when there is one. */
  error?: unknown;
}

/** Detail of the `expire` event. */
export interface ExpireEventDetail {
  reason: ExpireReason;
  /**
   * Delays the navigation until `promise` settles (at most 2 s after the event), so a page can
   * save a draft. The page is covered meanwhile.
   */
  waitUntil(promise: Promise<unknown>): void;
}

/** Detail of the `warn` event. */
export interface WarnEventDetail {
  /** Whole seconds until the session expires. */
  secondsLeft: number;
  /**
   * `false` for a warning nothing can extend: the end of the session's absolute lifetime
   * (`session-security/lifetime`). Absent for the idle warning, which activity dismisses.
   */
  extendable?: false;
}

/** The events an instance dispatches, for typed `addEventListener`. */
export interface SessionSecurityEventMap {
  warn: CustomEvent<WarnEventDetail>;
  /** The warning was dismissed by activity (here or in another tab, or reported by the server). */
  resume: CustomEvent<void>;
  /** Activity was recorded in this tab (at most once a second). */
  activity: CustomEvent<void>;
  ping: CustomEvent<PingEventDetail>;
  error: CustomEvent<ErrorEventDetail>;
  /** Cancelable: `preventDefault()` means the page ends the session itself (no cover, no navigation). */
  expire: CustomEvent<ExpireEventDetail>;
  /** The snapshot changed (see `subscribe`): dispatched after the change, in a microtask. */
  change: CustomEvent<SessionSnapshot>;
}

/** Dispatches an event of the map with its detail, if it has one (internal: not exported by the entries). */
export type Emit = <K extends keyof SessionSecurityEventMap>(
  type: K,
  ...detail: SessionSecurityEventMap[K]['detail'] extends void
    ? []
    : [detail: SessionSecurityEventMap[K]['detail'], cancelable?: boolean]
) => boolean;

/** What the public class delegates to (internal: not exported by the entries). */
export interface Session {
  /** Where the session stands, from the clock, as every getter reads it. */
  look(): Pick<Verdict, 'idle' | 'remaining'> & { snapshot: SessionSnapshot };
  activity(): void;
  /** Ends the session in every tab; `leave` false: the browser is leaving by itself (a logout link). */
  end(reason: ExpireReason, leave?: boolean): void;
  destroy(): void;
}
