// The fixture pages. Ours and the old client get the same page: the markup and the inline call of
// django-session-security's `all.html`, only the script differs (the drop-in comparison). A probe
// that runs first records what the page went through, in epoch milliseconds, in sessionStorage,
// which survives the navigation to /expired (a bench page starts a fresh record).

export const STATIC = { ours: '/static/ours.js', jquery: '/static/jquery.js', old: '/static/old-script.js' };
export const EXPIRED_URL = '/expired';
export const pingUrl = (label) => `/ping/${encodeURIComponent(label)}/`;

const probe = (fresh) => `<script>
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const marks = ${fresh ? '{}' : `JSON.parse(sessionStorage.getItem('bench-marks') || '{}')`};
  const mark = (name, at = now()) => {
    if (!(name in marks)) marks[name] = at;
    sessionStorage.setItem('bench-marks', JSON.stringify(marks));
  };
  window.__bench = { now, mark, marks, warning: { shown: 0, hidden: 0, log: [] } };
  mark('loaded');
  addEventListener('beforeunload', () => mark('leave'));
  document.addEventListener('DOMContentLoaded', () => {
    const el = document.getElementById('session_security_warning');
    if (!el) return;
    const w = window.__bench.warning;
    let visible = getComputedStyle(el).display != 'none';
    new MutationObserver(() => {
      const v = getComputedStyle(el).display != 'none';
      if (v == visible) return;
      visible = v;
      w[v ? 'shown' : 'hidden'] = now();
      w.log.push([v ? 'shown' : 'hidden', now()]);
    }).observe(el, { attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
    w.visible = () => visible;
  });
})();
</script>`;

// dialog.html of django-session-security 2.6, with the counter newer templates have.
const MARKUP = `<div id="session_security_warning" class="session_security" style="display:none" aria-hidden="true" role="dialog">
  <div class="session_security_overlay"></div>
  <div class="session_security_modal" role="document" tabindex="-1">
    <h3>Your session is about to expire <span id="session_security_counter"></span></h3>
    <p>Click or type to extend your session.</p>
  </div>
</div>`;

const CONTENT = `<main><h1>Account</h1><p>Confidential figures.</p>
<form action="/save" method="post"><label>Note <input name="note"></label><button>Save</button></form></main>`;

/** The inline call of `all.html`; the old client ignores options it does not know (`$.extend`). */
const construct = (o) =>
  `<script>var sessionSecurity = new yourlabs.SessionSecurity(${JSON.stringify({
    pingUrl: pingUrl(o.label),
    warnAfter: o.warn,
    expireAfter: o.expire,
    returnToUrl: EXPIRED_URL,
    confirmFormDiscard: 'You have unsaved changes in a form of this page.',
    ...(o.trusted ? {} : { trustedEventsOnly: false }),
  })});</script>`;

const SDK = {
  /** No session SDK: the baseline of the handler cost. */
  none: () => MARKUP,
  /** The old client: jQuery + script.js + the inline call. */
  old: (o) =>
    `${MARKUP}\n<script src="${STATIC.jquery}"></script>\n<script src="${STATIC.old}"></script>\n${construct(o)}`,
  /** Ours as a drop-in: our classic script in place of jQuery + script.js, the same markup and call. */
  ours: (o) => `${MARKUP}\n<script src="${STATIC.ours}"></script>\n${construct(o)}`,
  /** Ours started from its script tag, with its own dialog. */
  'ours-data': (o) =>
    `<script src="${STATIC.ours}" data-ping-url="${pingUrl(o.label)}" data-warn-after="${o.warn}" data-expire-after="${o.expire}" data-return-to-url="${EXPIRED_URL}"${o.trusted ? '' : ' data-trusted-events-only="false"'}></script>`,
  /** The floor of any tracker built on listeners: one empty passive listener per event type ours tracks. */
  'noop-listener': () =>
    `${MARKUP}\n<script>for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart', 'touchmove', 'click']) document.addEventListener(type, () => {}, { capture: true, passive: true });</script>`,
  /** Ours loaded, not started: the classes only (create/destroy cycles). */
  'ours-class': () => `<script src="${STATIC.ours}"></script>`,
};

/** A page of `client` with the session timing `warn`/`expire` (seconds) and pings to `label`. */
export function benchPage({ client, warn = 600, expire = 1200, label = client, trusted = true }) {
  if (!SDK[client]) throw new RangeError(`unknown client ${client}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench: ${client}</title>
${probe(true)}
</head><body>
${CONTENT}
${SDK[client]({ warn, expire, label, trusted })}
</body></html>`;
}

/** Where an expired session lands: no SDK, passive (not activity). */
export const expiredPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out</title>
${probe(false)}
<script>__bench.mark('replaced');</script>
</head><body><p>Your session has expired.</p></body></html>`;
