import { html, raw } from './html.mjs';

export const PING_URL = '/session_security/ping/';
export const STATUS_URL = '/api/session/';
export const LOGIN_URL = '/login/';
export const LOGOUT_URL = '/logout/';
export const SETTINGS_URL = '/settings/';
/** The embedded editor, served from another origin (createDemoServer). */
export const FRAME_PATH = '/editor/';

const returnTo = (path) => `${LOGIN_URL}?next=${path}`;

/** The dialog's languages (src/locales/), each named in itself: the demo's language switch. */
export const LANGUAGES = [
  ['en', 'English'],
  ['ar', 'العربية'],
  ['ca', 'Català'],
  ['cs', 'Čeština'],
  ['da', 'Dansk'],
  ['de', 'Deutsch'],
  ['es', 'Español'],
  ['fi', 'Suomi'],
  ['fr', 'Français'],
  ['he', 'עברית'],
  ['it', 'Italiano'],
  ['ja', '日本語'],
  ['ko', '한국어'],
  ['nb', 'Norsk bokmål'],
  ['nl', 'Nederlands'],
  ['pl', 'Polski'],
  ['pt-BR', 'Português (Brasil)'],
  ['pt-PT', 'Português (Portugal)'],
  ['ru', 'Русский'],
  ['sv', 'Svenska'],
  ['tr', 'Türkçe'],
  ['uk', 'Українська'],
  ['zh-Hans', '简体中文'],
];
/** The demo's own language: English, built into the SDK, needs no locale. */
const ENGLISH = 'en';

/**
 * The three ways to use the SDK; each snippet is put in its page and shown to the visitor as is.
 * Snippets hold only this server's constants and validated integers, never visitor input.
 */
export const PAGES = [
  {
    path: '/script-tag/',
    nav: 'Script tag',
    // Has the language switch: Django's own markup is translated by Django.
    languages: true,
    title: 'Script tag with data attributes',
    intro:
      'One script tag from a CDN or your static files. It starts by itself from its data attributes and puts the instance at window.sessionSecurity.',
    features: true,
    // The dialog's language: its locale script, before the SDK's; `data-lang` chooses it (else <html lang>).
    snippet: ({ warnAfter, expireAfter, lang, endsAt, frameOrigin }) => `${
      lang == ENGLISH ? '' : `<script src="/dist/locales/${lang}.min.js"></script>\n`
    }<script src="/dist/session-security.min.js"${lang == ENGLISH ? '' : `\n        data-lang="${lang}"`}
        data-ping-url="${PING_URL}"
        data-warn-after="${warnAfter}"
        data-expire-after="${expireAfter}"
        data-ends-at="${new Date(endsAt).toISOString()}"
        data-title-countdown="true"
        data-frame-origins="${frameOrigin}"
        data-return-to-url="${returnTo('/script-tag/')}"
        data-logout-url="${LOGOUT_URL}"></script>`,
  },
  {
    path: '/es-module/',
    nav: 'ES module',
    languages: true,
    title: 'ES module',
    intro:
      'Import the class from the package (here straight from dist/) and construct it with your options. Importing has no side effects.',
    features: true,
    // The dialog's language: its locale, spread into the options (the lifetime's warning takes its own texts).
    snippet: ({ warnAfter, expireAfter, lang, endsAt, frameOrigin }) => `<script type="module">
  import { SessionSecurity } from '/dist/session-security.js';
  import { lifetime } from '/dist/lifetime.js';
  import { titleCountdown } from '/dist/title-countdown.js';
  import { frameActivity } from '/dist/frame-activity.js';${
    lang == ENGLISH ? '' : `\n  import locale from '/dist/locales/${lang}.js';`
  }

  const session = new SessionSecurity({${lang == ENGLISH ? '' : '\n    ...locale,'}
    pingUrl: '${PING_URL}',
    warnAfter: ${warnAfter},
    expireAfter: ${expireAfter},
    returnToUrl: '${returnTo('/es-module/')}',
    logoutUrl: '${LOGOUT_URL}',
  });
  // Signed out at this moment whatever the activity, as the server will.
  lifetime(session, {${
    lang == ENGLISH
      ? ''
      : '\n    lang: locale.lang,\n    lifetimeTitle: locale.lifetimeTitle,\n    lifetimeMessage: locale.lifetimeMessage,\n    closeButton: locale.closeButton,\n    logoutButton: locale.logoutButton,'
  }
    endsAt: '${new Date(endsAt).toISOString()}',
    logoutUrl: '${LOGOUT_URL}',
  });
  // The time left in this tab's title while it is hidden and warned.
  titleCountdown(session);
  // Typing in the editor below, served from another origin, is activity here.
  frameActivity(session, { frameOrigins: ['${frameOrigin}'] });
  window.sessionSecurity = session;
</script>`,
  },
  {
    path: '/django/',
    nav: 'Django drop-in',
    title: 'Django drop-in',
    intro:
      "What {% include 'session_security/all.html' %} renders, with our script served as session_security/script.js and no jQuery: the page's own warning markup is used.",
    snippet: ({
      warnAfter,
      expireAfter,
    }) => `<div id="session_security_warning" class="session_security" style="display:none" aria-hidden="true" role="dialog">
    <div class="session_security_overlay"></div>
    <div class="session_security_modal" role="document" tabindex="-1">
        <h3>Your session is about to expire <span id="session_security_counter"></span></h3>
        <p>Click or type to extend your session.</p>
    </div>
</div>
<script src="/dist/session-security.min.js"></script>
<script>
    var sessionSecurity = new yourlabs.SessionSecurity({
        pingUrl: '${PING_URL}',
        warnAfter: ${warnAfter},
        expireAfter: ${expireAfter},
        confirmFormDiscard: "You have unsaved changes in a form of this page."
    });
</script>`,
  },
];

const layout = (title, body) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · session-security demo</title>
        <link rel="stylesheet" href="/static/demo.css" />
      </head>
      ${body}
    </html> `;

export function loginPage({ next, error }) {
  return layout(
    'Sign in',
    html`<body class="narrow">
      <main>
        <h1>session-security demo</h1>
        <form class="card login" method="post" action="${LOGIN_URL}">
          <h2>Sign in</h2>
          ${error ? html`<p class="flash" role="alert">${error}</p>` : ''}
          <input type="hidden" name="next" value="${next}" />
          <label>Username <input name="username" autocomplete="username" required maxlength="64" autofocus /></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" /></label>
          <button>Sign in</button>
          <p class="hint">Any username and password will do: this is a demo.</p>
        </form>
      </main>
    </body>`,
  );
}

/** The language of the dialog a visitor asked for (`?lang=`): one of {@link LANGUAGES}, else English. */
export const dialogLanguage = (asked) => (LANGUAGES.some(([tag]) => tag == asked) ? asked : ENGLISH);

export function demoPage(
  page,
  { username, warnAfter, expireAfter, lifetime, endsAt, frameOrigin, flash, lang = ENGLISH },
) {
  const snippet = page.snippet({ warnAfter, expireAfter, lang, endsAt, frameOrigin });
  // Links keep the language chosen.
  const query = lang == ENGLISH ? '' : `?lang=${lang}`;
  return layout(
    page.title,
    html`<body>
      <header class="bar">
        <strong class="brand">session-security demo</strong>
        <nav aria-label="Ways to use the SDK">
          ${PAGES.map((p) => html`<a href="${p.path + query}" ${p === page ? raw(' aria-current="page"') : ''}>${p.nav}</a>`)}
        </nav>
        <span class="user">Signed in as <b>${username}</b> · <a href="${LOGOUT_URL}">Sign out</a></span>
      </header>
      <main>
        <h1>${page.title}</h1>
        <p class="lead">${page.intro}</p>
        <p class="tip">
          Open this page in a <a href="${page.path + query}" target="_blank">second tab</a> and watch the tabs act as
          one: activity in either keeps both alive, the warning shows and hides in both, one ping serves both, and
          signing out ends both.
        </p>
        ${
          page.features
            ? html`<p class="tip">
                While the warning shows, switch to another tab: this one's title counts the time left, "(0:45) …", and
                is itself again when the warning ends or you come back. A minute before the time above, every tab warns
                that the session ends whatever you do.
              </p>`
            : ''
        }
        ${flash ? html`<p class="flash" role="alert">${flash}</p>` : ''}
        <div class="grid">
          <section class="card" aria-labelledby="status-title">
            <h2 id="status-title">Status</h2>
            <dl class="status">
              <dt>This tab</dt>
              <dd data-status="state">starting…</dd>
              <dt>Idle</dt>
              <dd data-status="idle">–</dd>
              <dt>Expires in</dt>
              <dd data-status="remaining">–</dd>
              <dt>Server sees you idle</dt>
              <dd data-status="server">–</dd>
              <dt>Signed out whatever you do at</dt>
              <dd data-status="lifetime" data-ends-at="${endsAt}">
                <time datetime="${new Date(endsAt).toISOString()}">${new Date(endsAt).toISOString()}</time>
              </dd>
            </dl>
            <p class="hint">The server figure comes from ${STATUS_URL}, a passive URL: asking it is not activity.</p>
          </section>
          ${
            page.languages
              ? html`<section class="card" aria-labelledby="language-title">
                  <h2 id="language-title">Language of the dialog</h2>
                  <form class="settings" method="get" action="${page.path}">
                    <label
                      >Language
                      <select name="lang">
                        ${LANGUAGES.map(
                          ([tag, name]) =>
                            html`<option value="${tag}" lang="${tag}" ${tag == lang ? raw('selected') : ''}>
                              ${name}
                            </option>`,
                        )}
                      </select></label
                    >
                    <button>Show</button>
                  </form>
                  <p class="hint">
                    The warning shows in the language chosen: its texts, its direction, the time in its words.
                  </p>
                </section>`
              : ''
          }
          <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">Timeouts</h2>
            <form class="settings" method="post" action="${SETTINGS_URL}">
              <input type="hidden" name="next" value="${page.path + query}" />
              <label
                >Warn after
                <input name="warnAfter" type="number" min="1" step="1" value="${warnAfter}" required /> s</label
              >
              <label
                >Expire after
                <input name="expireAfter" type="number" min="2" step="1" value="${expireAfter}" required /> s</label
              >
              <label
                >Lifetime <input name="lifetime" type="number" min="1" step="1" value="${lifetime}" required /> s</label
              >
              <button>Apply</button>
            </form>
            <p class="hint">
              Keep still for ${warnAfter} s to see the warning, ${expireAfter} s to be signed out. The lifetime counts
              from your sign-in, whatever you do. New timeouts apply to your session on the server and to pages loaded
              from now on.
            </p>
          </section>
        </div>
        ${
          page.features
            ? html`<section class="card" aria-labelledby="frame-title">
                <h2 id="frame-title">Activity inside a frame of another origin</h2>
                <iframe class="editor" src="${frameOrigin + FRAME_PATH}" title="Embedded editor"></iframe>
                <p class="hint">
                  This editor is served from ${frameOrigin}: this page never sees its events. It posts one message when
                  you type or point there, and this page, which allows that origin, counts it as activity.
                </p>
              </section>`
            : ''
        }
        <section class="card" aria-labelledby="log-title">
          <h2 id="log-title">Events</h2>
          <ol id="event-log" class="log"></ol>
        </section>
        <section class="card" aria-labelledby="code-title">
          <h2 id="code-title">What this page includes</h2>
          <pre><code>${snippet}</code></pre>
        </section>
      </main>
      ${raw(snippet)}
      <script type="module" src="/static/demo.js"></script>
    </body>`,
  );
}

/**
 * The embedded editor, served from another origin than the demo's pages (`parentOrigin`): the
 * README's snippet posts the activity message to that origin only, at most once a second.
 */
export const framePage = (parentOrigin) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Embedded editor</title>
        <style>
          body {
            margin: 0;
            font:
              1rem system-ui,
              sans-serif;
          }
          label {
            display: grid;
            gap: 0.25rem;
          }
          textarea {
            font: inherit;
          }
        </style>
      </head>
      <body>
        <label>Notes, in a frame of another origin <textarea name="notes" rows="3"></textarea></label>
        <script>
          const parentOrigin = ${raw(JSON.stringify(parentOrigin))};
          let told = -Infinity;
          for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
            addEventListener(
              type,
              (event) => {
                if (!event.isTrusted || event.timeStamp - told < 1000) return;
                told = event.timeStamp;
                parent.postMessage('session-security:activity', parentOrigin);
              },
              { capture: true, passive: true },
            );
          }
        </script>
      </body>
    </html>`;
