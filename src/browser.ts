/**
 * The classic script (`<script src="session-security.min.js">`): the global `SessionSecurity`
 * is the class; `data-` attributes on the tag start it as `window.sessionSecurity`; and
 * `yourlabs.SessionSecurity` is the drop-in for django-session-security's client.
 */
import { attribute, autoStart } from './auto-start.js';
import { DEVELOPMENT } from './development.js';
import { legacySessionSecurity } from './legacy.js';
import { frameActivity } from './frame-activity.js';
import { hold } from './hold.js';
import { lifetime } from './lifetime.js';
import { media } from './media.js';
import { titleCountdown } from './title-countdown.js';
import { warnUnknown } from './unknown-options.js';
import { OPTIONS } from './option-names.js';
import { SessionSecurity } from './with-dialog.js';

/** The features, on the class for the page to start (`SessionSecurity.lifetime(session, {...})`, `SessionSecurity.hold(session, promise)`). */
const FEATURES = { lifetime, hold, media, titleCountdown, frameActivity };
/** The attribute that starts each feature with the tag's options (`data-ends-at`, `data-media-activity="true"`). */
const ATTRIBUTES: [string, (session: SessionSecurity, options: never) => unknown][] = [
  ['endsAt', lifetime],
  ['mediaActivity', media],
  ['titleCountdown', titleCountdown],
  ['frameOrigins', frameActivity],
];

// Only while the script runs: read it now, also under `defer` and `async`.
const script = document.currentScript;
const global = window as unknown as { yourlabs?: object; sessionSecurity?: SessionSecurity };
Object.assign(SessionSecurity, FEATURES);
global.yourlabs = { ...global.yourlabs, SessionSecurity: legacySessionSecurity(SessionSecurity) };
const started = autoStart(script, (options) => {
  // A development build names each attribute it does not know, which then goes no further.
  if (DEVELOPMENT) for (const name of warnUnknown(options, OPTIONS, attribute, 'attribute')) delete options[name];
  const session = new SessionSecurity(options);
  try {
    for (const [name, feature] of ATTRIBUTES)
      if (options[name] !== undefined && options[name] !== false) feature(session, options as never);
  } catch (error) {
    // A bad attribute of a feature: nothing runs, as for any other.
    session.destroy();
    throw error;
  }
  return session;
});
if (started) global.sessionSecurity = started;

export default SessionSecurity;
