/**
 * The classic script (`<script src="session-security.min.js">`): the global `SessionSecurity`
 * is the class; `data-` attributes on the tag start it as `window.sessionSecurity`; and
 * `yourlabs.SessionSecurity` is the drop-in for django-session-security's client.
 */
import { autoStart } from './auto-start.js';
import { legacySessionSecurity } from './legacy.js';
import { SessionSecurity } from './with-dialog.js';

// Only while the script runs: read it now, also under `defer` and `async`.
const script = document.currentScript;
const global = window as unknown as { yourlabs?: object; sessionSecurity?: SessionSecurity };
global.yourlabs = { ...global.yourlabs, SessionSecurity: legacySessionSecurity(SessionSecurity) };
const started = autoStart(script, (options) => new SessionSecurity(options));
if (started) global.sessionSecurity = started;

export default SessionSecurity;
