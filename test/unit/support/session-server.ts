/**
 * django-session-security 2.6's server side, exactly as its middleware and ping view behave
 * (/usr/lib/python3/dist-packages/session_security/, see /work/shared/reference/), on a clock of
 * its own: one session, its last-activity stamp in milliseconds, whole seconds rounded down.
 */
export class SessionServer {
  /** The session's last-activity stamp; undefined once logged out. */
  stamp: number | undefined;
  /** When the session ended: logged out by a request, or by its own clock (stamp + expireAfter). */
  endedAt = Infinity;
  /** The session ended by a logout (the view, or another device), not by its clock. */
  loggedOut = false;

  constructor(
    readonly expireAfter: number,
    now: number,
  ) {
    this.stamp = now;
  }

  /** The session has ended at `now`, on the server's clock, whether a request has noticed yet or not. */
  over(now: number): boolean {
    return this.stamp === undefined || now - this.stamp >= this.expireAfter;
  }

  /** The moment the session ends on the server's clock, unless activity comes first. */
  deadline(): number {
    return this.stamp === undefined ? this.endedAt : this.stamp + this.expireAfter;
  }

  /** The middleware's first steps, for any request of the signed-in user: logs out an expired session. */
  private admit(now: number): boolean {
    if (this.stamp === undefined) return false;
    if (now - this.stamp >= this.expireAfter) {
      this.endedAt = Math.min(this.endedAt, this.stamp + this.expireAfter);
      this.stamp = undefined;
      return false;
    }
    return true;
  }

  /** A page load or any request that is not the ping: activity, unless the session has ended. Answers whether signed in. */
  request(now: number): boolean {
    if (!this.admit(now)) return false;
    this.stamp = now;
    return true;
  }

  /** Signing in (again): a new session, its stamp now. */
  login(now: number): void {
    this.stamp = now;
    this.endedAt = Infinity;
    this.loggedOut = false;
  }

  /** The logout view. */
  logout(now: number): void {
    // A session its clock ended is over since then, whether a request noticed or not.
    if (this.admit(now)) [this.endedAt, this.loggedOut] = [now, true];
    this.stamp = undefined;
  }

  /** `GET ping?idleFor=…`: merges the client's idle seconds, answers the server's, or "logout". */
  ping(now: number, idleFor: string | null): number | 'logout' {
    if (!this.admit(now)) return 'logout';
    let stamp = this.stamp!;
    if (idleFor === null) stamp = now;
    // Python's int(): an integer, else the value is ignored (ValueError); negatives count as 0.
    else if (/^\s*[-+]?\d+\s*$/.test(idleFor)) {
      const client = Math.max(0, parseInt(idleFor, 10));
      // timedelta.seconds: whole seconds, rounded down; the smaller idle time wins.
      if (client < Math.floor((now - stamp) / 1000)) stamp = now - client * 1000;
    }
    this.stamp = stamp;
    return Math.floor((now - stamp) / 1000);
  }
}
