import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDialog, type DialogOptions } from '../../src/dialog';
import { nextAnnouncement } from '../../src/dialog/announce';
import { formatTime } from '../../src/dialog/format';

// jsdom has <dialog> without its methods; a modal's layout, focus trap and inertness are tested in Chromium.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = vi.fn(function (this: HTMLDialogElement) {
    this.open = true;
    this.querySelector<HTMLElement>('[autofocus]')?.focus();
  });
  HTMLDialogElement.prototype.close = vi.fn(function (this: HTMLDialogElement) {
    this.open = false;
  });
});

const session = () => ({ activity: vi.fn(), logout: vi.fn() });
type Options = Parameters<typeof createDialog>[1];
const open = (options: Options = {}, secondsLeft = 45) => {
  const s = session();
  const view = createDialog(s, options);
  view.show(secondsLeft);
  const dialog = document.querySelector('dialog')!;
  const described = () => document.getElementById(dialog.getAttribute('aria-describedby')!)!;
  const visible = () => dialog.querySelector('[aria-hidden="true"]')!.textContent;
  return { session: s, view, dialog, described, visible, buttons: [...dialog.querySelectorAll('button')] };
};

beforeEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
});
afterEach(() => vi.restoreAllMocks());

describe('the warning dialog', () => {
  it('adds nothing to the page until the warning shows', () => {
    createDialog(session(), {});
    expect(document.body.children).toHaveLength(0);
    expect(document.head.children).toHaveLength(0);
  });

  it('opens as a modal alert dialog, labelled by its heading and described by the time left', () => {
    const { dialog, described, visible } = open();
    expect(dialog.showModal).toHaveBeenCalled();
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe(
      'Your session is about to expire',
    );
    expect(described().textContent).toBe('You will be signed out in 45 seconds.');
    expect(visible()).toBe('You will be signed out in 45 seconds.');
  });

  it('moves the focus to "Stay signed in" and gives it back when it hides', () => {
    const field = document.body.appendChild(document.createElement('input'));
    field.focus();
    const { view, buttons } = open();
    expect(document.activeElement).toBe(buttons[0]);
    expect(buttons[0].textContent).toBe('Stay signed in');
    view.hide();
    expect(document.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(field);
  });

  it('counts "Stay signed in" and Escape as activity, and leaves the hiding to the session', () => {
    const { session, dialog, buttons } = open();
    buttons[0].click();
    const escape = new Event('cancel', { cancelable: true });
    dialog.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    expect(session.activity).toHaveBeenCalledTimes(2);
    expect(dialog.isConnected).toBe(true);
  });

  it('keeps the gestures made in it from the page until they end: a click, Escape or a typed character counts', () => {
    const seen = vi.fn();
    const page = new AbortController();
    for (const type of ['pointerdown', 'pointermove', 'keydown', 'keyup'])
      document.addEventListener(type, seen, { capture: true, signal: page.signal });
    const { view, session, buttons } = open();
    buttons[0].dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
    buttons[0].dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    buttons[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
    buttons[0].dispatchEvent(new KeyboardEvent('keyup', { key: 'Tab', bubbles: true }));
    expect(seen).not.toHaveBeenCalled();
    expect(session.activity).not.toHaveBeenCalled();
    buttons[0].dispatchEvent(new KeyboardEvent('keyup', { key: 'x', bubbles: true }));
    expect(session.activity).toHaveBeenCalledTimes(1);
    // Events dispatched on the window itself (a page's keyboard shortcut helper) pass.
    dispatchEvent(new Event('keydown'));
    view.hide();
    document.body.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
    expect(seen).toHaveBeenCalledTimes(1);
    page.abort();
  });

  it('offers "Sign out now" only when a logout URL is set, and it logs out', () => {
    expect(open().buttons).toHaveLength(1);
    document.body.replaceChildren();
    const { session, buttons } = open({ logoutUrl: '/logout/' });
    expect(buttons[1].textContent).toBe('Sign out now');
    buttons[1].click();
    expect(session.logout).toHaveBeenCalled();
  });

  it('shows each second the time it is given', () => {
    const { view, visible } = open({}, 90);
    expect(visible()).toBe('You will be signed out in 1 minute, 30 seconds.');
    view.update(60);
    expect(visible()).toBe('You will be signed out in 1 minute.');
    view.update(1);
    expect(visible()).toBe('You will be signed out in 1 second.');
    // Time may go back up (activity in another tab reported late): the number given is the truth.
    view.update(7);
    expect(visible()).toBe('You will be signed out in 7 seconds.');
  });

  it('can be shown again after it hid, as one dialog', () => {
    const { view } = open();
    view.hide();
    view.show(30);
    expect(document.querySelectorAll('dialog')).toHaveLength(1);
    expect(document.querySelector('dialog')!.textContent).toContain('30 seconds');
  });

  it('sets every string as text: markup shows literally', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const { dialog, visible } = open({
      title: markup,
      message: `${markup} {time}`,
      stayButton: markup,
      logoutButton: markup,
      logoutUrl: '/out',
    });
    expect(dialog.querySelector('img')).toBeNull();
    expect(dialog.querySelector('h2')!.textContent).toBe(markup);
    expect(visible()).toBe(`${markup} 45 seconds`);
    for (const button of dialog.querySelectorAll('button')) expect(button.textContent).toBe(markup);
  });

  it('says the time in the page language, or in the "lang" option', () => {
    document.documentElement.lang = 'de';
    expect(open({ message: '{time}' }).visible()).toBe('45 Sekunden');
    document.body.replaceChildren();
    expect(open({ message: '{time}', lang: 'fr' }).visible()).toMatch(/^45\ssecondes$/);
  });

  it.each<[DialogOptions & Record<string, unknown>, ErrorConstructor, RegExp]>([
    [{ title: 42 as never }, TypeError, /option "title" must be of type string, got 42/],
    [{ message: null as never }, TypeError, /option "message" must be of type string, got null/],
    [{ stayButton: ['Stay'] as never }, TypeError, /option "stayButton" must be of type string, got Stay/],
    [{ logoutButton: {} as never }, TypeError, /option "logoutButton" must be of type string/],
    [{ lang: 'en_US' }, RangeError, /option "lang" must be a language tag, got "en_US"/],
    [{ styleNonce: 1 as never }, TypeError, /option "styleNonce" must be of type string, got 1/],
    [{ injectStyles: 'no' as never }, TypeError, /option "injectStyles" must be of type boolean, got "no"/],
  ])('refuses %o with an error naming the option', (options, type, message) => {
    expect(() => createDialog(session(), options)).toThrow(type);
    expect(() => createDialog(session(), options)).toThrow(message);
  });

  it('falls back to the browser language when <html lang> is malformed', () => {
    document.documentElement.lang = 'en_US';
    expect(open({ message: '{time}' }).visible()).toMatch(/45/);
  });
});

describe('the stylesheet', () => {
  it('is injected once, first in <head> so the page can override it, with the nonce given', () => {
    document.head.append(document.createElement('link'));
    open({ styleNonce: 'r4nd0m' }).view.hide();
    open({ styleNonce: 'r4nd0m' });
    const styles = document.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    expect(document.head.firstElementChild).toBe(styles[0]);
    expect(styles[0].nonce).toBe('r4nd0m');
    expect(styles[0].textContent).toContain('.session-security');
  });

  it('is left to the page with injectStyles: false', () => {
    open({ injectStyles: false });
    expect(document.querySelector('style')).toBeNull();
  });

  it('needs no style attribute', () => {
    const { dialog } = open({ logoutUrl: '/out' });
    expect(dialog.querySelectorAll('[style]')).toHaveLength(0);
    expect(dialog.hasAttribute('style')).toBe(false);
  });
});

describe('the time to respond (WCAG 2.2.1)', () => {
  it('is warned about in the console when under 20 s', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createDialog(session(), { warnAfter: 50, expireAfter: 60 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/WCAG 2\.2\.1.*20 s|10 s.*WCAG 2\.2\.1/);
  });

  it('is silent from 20 s, and with the defaults (60 s)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createDialog(session(), { warnAfter: 40, expireAfter: 60 });
    createDialog(session(), {});
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('time in words', () => {
  it.each([
    ['en', 0, '0 seconds'],
    ['en', 1, '1 second'],
    ['en', 45, '45 seconds'],
    ['en', 60, '1 minute'],
    ['en', 61, '1 minute, 1 second'],
    ['en', 150, '2 minutes, 30 seconds'],
    ['de', 1, '1 Sekunde'],
    ['de', 45, '45 Sekunden'],
    ['de', 60, '1 Minute'],
    ['de', 125, '2 Minuten, 5 Sekunden'],
    ['fr', 0, '0 seconde'],
    ['fr', 1, '1 seconde'],
    ['fr', 45, '45 secondes'],
    ['fr', 90, '1 minute et 30 secondes'],
  ])('%s: %i s is "%s"', (lang, seconds, words) => {
    // Intl separates number and unit with a no-break space in some languages (U+202F in French).
    expect(formatTime(seconds, lang).replace(/\s/g, ' ')).toBe(words);
  });
});

describe('what a screen reader hears', () => {
  /** Opens the dialog at `from` seconds left, then ticks each second as the SDK does; returns what the live region said. */
  const listen = (from: number) => {
    vi.useFakeTimers();
    const { view, described } = open({}, from);
    const heard = [described().textContent];
    let left = from;
    const tick = setInterval(() => {
      view.update(--left);
      if (described().textContent != heard.at(-1)) heard.push(described().textContent);
    }, 1000);
    vi.advanceTimersByTime(from * 1000);
    clearInterval(tick);
    vi.useRealTimers();
    return heard.map((text) => text.replace('You will be signed out in ', ''));
  };

  it('hears the time left once at opening, then at 45, 30, 15 and 10 s', () => {
    expect(listen(60)).toEqual(['1 minute.', '45 seconds.', '30 seconds.', '15 seconds.', '10 seconds.']);
  });

  it('hears each whole minute of a long warning, then the steps of the last minute', () => {
    expect(listen(200)).toEqual([
      '3 minutes, 20 seconds.',
      '3 minutes.',
      '2 minutes.',
      '1 minute.',
      '45 seconds.',
      '30 seconds.',
      '15 seconds.',
      '10 seconds.',
    ]);
  });

  it('hears a warning opened in the last 25 s once more at 10 s, one opened later only once', () => {
    expect(listen(16)).toEqual(['16 seconds.', '10 seconds.']);
    document.body.replaceChildren();
    expect(listen(14)).toEqual(['14 seconds.']);
  });

  it('waits 15 s after the opening before the first step', () => {
    expect(listen(61)).toEqual(['1 minute, 1 second.', '45 seconds.', '30 seconds.', '15 seconds.', '10 seconds.']);
  });

  it('is spoken to at most every 15 s, but for the last time at 10 s, however long the warning', () => {
    for (let opened = 1; opened <= 900; opened++) {
      const spoken = [opened];
      for (let left = opened - 1; left >= 0; left--) if (left <= nextAnnouncement(spoken.at(-1)!)) spoken.push(left);
      for (let i = 1; i < spoken.length; i++) {
        const [before, at] = [spoken[i - 1], spoken[i]];
        expect(before - at, `opened at ${opened} s: ${spoken.join(', ')}`).toBeGreaterThanOrEqual(at == 10 ? 5 : 15);
        expect(at > 60 ? at % 60 : at == 10 ? 0 : at % 15, `opened at ${opened} s: ${spoken.join(', ')}`).toBe(0);
      }
      if (opened >= 15) expect(spoken.at(-1)).toBe(10);
    }
  });
});
