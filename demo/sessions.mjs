import { randomBytes } from 'node:crypto';

/**
 * Sessions in memory with the server semantics of django-session-security's middleware: a
 * last-activity stamp per session, logout on the server's own clock, the ping merge; and an
 * absolute lifetime, `lifetime` seconds from the sign-in whatever the activity (as Django's
 * `SESSION_COOKIE_AGE` without `SESSION_SAVE_EVERY_REQUEST`). `now()` gives milliseconds, so
 * tests drive the clock instead of sleeping.
 */
export function createSessions({ now, warnAfter, expireAfter, lifetime, onLogout }) {
  const sessions = new Map();

  const idleSeconds = (session) => Math.floor((now() - session.stamp) / 1000);
  const expired = (session) =>
    now() - session.stamp >= session.expireAfter * 1000 ? 'expired' : now() >= endsAt(session) ? 'lifetime' : '';
  /** When the session ends whatever the activity: epoch milliseconds. */
  const endsAt = (session) => session.signedIn + session.lifetime * 1000;

  const end = (session, reason) => {
    if (sessions.delete(session.id)) onLogout({ username: session.username, reason, at: now() });
  };

  // Python's int() accepts surrounding blanks and a sign; anything else is ignored, as Django does.
  const parseIdle = (value) => (/^\s*[+-]?\d+\s*$/.test(value) ? Math.max(0, Number.parseInt(value, 10)) : undefined);

  return {
    idleSeconds,
    endsAt,

    login(username) {
      for (const session of sessions.values()) if (expired(session)) end(session, expired(session));
      const signedIn = now();
      const id = randomBytes(24).toString('base64url');
      const session = { id, username, stamp: signedIn, signedIn, warnAfter, expireAfter, lifetime };
      sessions.set(session.id, session);
      return session;
    },

    logout(session) {
      end(session, 'logout');
    },

    /**
     * What the middleware does on every request of a session: logs out once the stamp is
     * expireAfter old (the ping included), merges a ping's idleFor, or stamps any request that is not
     * passive. Returns the session when it is still alive.
     */
    touch(id, { ping, idleFor, passive }) {
      const session = id && sessions.get(id);
      if (!session) return undefined;
      const reason = expired(session);
      if (reason) {
        end(session, reason);
        return undefined;
      }
      if (ping && idleFor != null) {
        const clientIdle = parseIdle(idleFor);
        // The client saw activity the server did not (a single-page app, another tab's input).
        if (clientIdle !== undefined && clientIdle < idleSeconds(session)) session.stamp = now() - clientIdle * 1000;
      } else if (!passive) {
        session.stamp = now();
      }
      return session;
    },
  };
}
