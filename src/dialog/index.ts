import type { CoreOptions } from '../options.js';
import { listen } from '../listen.js';
import { DEVELOPMENT } from '../development.js';
import { DEFAULTS, fail, option } from '../options.js';
import type { WarningView } from '../types.js';
import type { DialogOptions, DialogSession } from './options.js';
import { nextAnnouncement } from './announce.js';
import { formatTime, locale } from './format.js';
import { text } from './localize.js';
import { STYLES } from './styles.js';

export type { DialogOptions, DialogSession, Locale } from './options.js';

const STYLE_ID = 'session-security-style';
/** WCAG 2.2.1 Timing Adjustable: at least 20 s to respond to the warning. */
const RESPONSE_TIME = 20;

/** Events of a gesture before its click, that the session may count as activity. */
// prettier-ignore
const GESTURES = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'touchmove', 'touchend', 'mousedown', 'mousemove', 'keyup'];

let dialogs = 0;

const element = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
) => {
  const node = document.createElement(tag);
  for (const name in attributes) node.setAttribute(name, attributes[name]);
  node.append(...children);
  return node;
};

/**
 * The built-in warning: a modal `<dialog>` with a countdown, a button to stay signed in and,
 * when `logoutUrl` is set, one to sign out; its texts are the options', else English. Validates
 * `given` now; builds its markup (and injects its stylesheet) when first shown.
 * @throws TypeError or RangeError naming the first bad option and its value.
 */
export function createDialog(
  session: DialogSession,
  given: DialogOptions & Pick<CoreOptions, 'logoutUrl' | 'warnAfter' | 'expireAfter'>,
): WarningView {
  const title = text(given, 'title', 'Your session is about to expire');
  const message = text(given, 'message', 'You will be signed out in {time}.');
  const stay = text(given, 'stayButton', 'Stay signed in');
  const leave = text(given, 'logoutButton', 'Sign out now');
  const lang = text(given, 'lang', '');
  if (lang && !locale(lang)) fail('lang', lang, 'must be a language tag', true);
  const nonce = option(
    given,
    'styleNonce',
    'string',
    document.querySelector<HTMLElement>('script[nonce]')?.nonce ?? '',
  );
  const inject = option(given, 'injectStyles', 'boolean', true);
  // The engine's options, which the engine validates.
  const { logoutUrl, warnAfter = DEFAULTS.warnAfter, expireAfter = DEFAULTS.expireAfter } = given;
  if (DEVELOPMENT && expireAfter - warnAfter < RESPONSE_TIME)
    console.warn(
      `session-security: WCAG 2.2.1 asks for ${RESPONSE_TIME} s to respond to the warning, expireAfter - warnAfter gives ${expireAfter - warnAfter}`,
    );

  const id = `session-security-${++dialogs}`;
  let dialog: HTMLDialogElement | undefined;
  let countdown: HTMLElement;
  let status: HTMLElement;
  let next: number;
  let focused: Element | null;
  const say = (secondsLeft: number) =>
    message.replace('{time}', formatTime(secondsLeft, lang || document.documentElement.lang));
  // While the dialog is open, a gesture that starts in it is not activity for the session yet, which
  // would hide it at once: moving towards "Sign out now" would dismiss it, a click would land on the
  // page below, Enter would reach the field that gets the focus back. It counts when it ends: as a
  // click (on the backdrop too), Escape, or a typed character.
  const inside = (e: Event) => {
    // Not `contains(e.target)`: pages dispatch events such as `keydown` on window, which is no Node.
    if (!e.composedPath().includes(dialog!)) return;
    e.stopPropagation();
    const { key } = e as KeyboardEvent;
    if (e.type == 'keyup' && key?.length == 1 && key != ' ') session.activity();
  };
  let unlisten = () => {};

  const render = () => {
    if (inject && !document.getElementById(STYLE_ID)) {
      const style = element('style', { id: STYLE_ID }, STYLES);
      style.nonce = nonce;
      // First in <head>, so the page's own rules win at equal specificity.
      document.head.prepend(style);
    }
    const leaving = element('button', {}, leave);
    leaving.onclick = () => session.logout();
    const node = element(
      'dialog',
      {
        class: 'session-security',
        role: 'alertdialog',
        'aria-modal': 'true',
        'aria-labelledby': id + 't',
        'aria-describedby': id + 'd',
        // Right to left when its texts are (Arabic, Hebrew), whatever the page's direction.
        dir: 'auto',
        // Read aloud in its language, also on a page in another.
        ...(lang && { lang }),
      },
      element('h2', { id: id + 't' }, title),
      // Ticks every second: hidden from screen readers, which hear `status` at coarse steps instead.
      (countdown = element('p', { 'aria-hidden': 'true' })),
      // Also the dialog's description, so opening it announces the time left once.
      (status = element('p', { id: id + 'd', role: 'status' })),
      element('div', {}, element('button', { autofocus: '' }, stay), ...(logoutUrl ? [leaving] : [])),
    );
    // "Stay signed in", the text, the backdrop. After "Sign out now", the ended session ignores it.
    node.onclick = () => session.activity();
    // Escape: the dialog stays until the session hides it, as for any activity.
    node.oncancel = (e) => {
      e.preventDefault();
      session.activity();
    };
    return node;
  };

  return {
    show(secondsLeft) {
      dialog ??= render();
      countdown.textContent = status.textContent = say(secondsLeft);
      next = nextAnnouncement(secondsLeft);
      if (dialog.isConnected) return;
      focused = document.activeElement;
      document.body.append(dialog);
      dialog.showModal();
      const stops = GESTURES.map((type) => listen(window, type, inside, { capture: true }));
      unlisten = () => stops.forEach((stop) => stop());
    },
    update(secondsLeft) {
      const words = (countdown.textContent = say(secondsLeft));
      if (secondsLeft <= next) {
        next = nextAnnouncement(secondsLeft);
        status.textContent = words;
      }
    },
    hide() {
      if (!dialog?.isConnected) return;
      unlisten();
      dialog.close();
      dialog.remove();
      (focused as HTMLElement | null)?.focus?.();
    },
  };
}
