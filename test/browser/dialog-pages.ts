// The dialog's test pages, the same in every engine (test/browser and test/webkit).
import { page, type Handler } from './harness';

export const NONCE = 'c3VwZXJzZWNyZXQ';

/**
 * A page with a form whose field has the focus from the start (whatever time a busy machine takes
 * to open it, before the warning), a button the dialog covers, and the SDK.
 */
export const app = (sdk: string, head = '') =>
  page(
    `<main><h1>Invoices</h1>
      <form action="/submitted"><label>Note <input id="note" name="note"></label></form>
      <button id="below" type="button">Delete everything</button></main>
    <script nonce="${NONCE}">
      window.clicked = 0;
      window.violations = [];
      document.getElementById('below').onclick = () => clicked++;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      document.getElementById('note').focus();
    </script>
    ${sdk}`,
    head,
  );

export const withPolicy =
  (html: string, policy: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': policy });
    res.end(html);
  };

export const STRICT = `default-src 'self'; script-src 'nonce-${NONCE}'`;
export const AUTO_START = `data-ping-url="/ping" data-warn-after="1" data-expire-after="600" data-logout-url="/signed-out"`;

/** The app with the SDK warning `warnAfter` seconds after load (600 s before the end); `head` first. */
export const warning = (warnAfter: number, head = '') =>
  app(
    `<script src="/dist/session-security.min.js"></script>
    <script>window.session = new SessionSecurity({ ping: (idleFor) => idleFor, warnAfter: ${warnAfter}, expireAfter: 600, logoutUrl: '/signed-out' });</script>`,
    head,
  );
