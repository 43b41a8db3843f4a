import { describe, expect, it, vi } from 'vitest';
import { SessionSecurity, type SessionSecurityOptions } from '../../src/session-security';
import { djangoLike } from './support/django-like';
import { countListeners } from './support/listeners';
import { memoryBrowser } from './support/memory-browser';
import { network, useTestBed } from './support/setup';

useTestBed();

const seconds = (s: number) => vi.advanceTimersByTimeAsync(s * 1000);

/** The full SDK, with a view of its own instead of the dialog. */
function start(options: Partial<SessionSecurityOptions> = {}) {
  const tab = memoryBrowser().tab();
  const view = { show() {}, update() {}, hide() {} };
  const session = new SessionSecurity(
    { pingUrl: '/ping', warnAfter: 10, expireAfter: 20, view, ...options },
    tab.platform,
  );
  const ended: { type: 'expire'; detail: { reason: string } }[] = [];
  session.addEventListener('expire', (e) => ended.push({ type: 'expire', detail: { reason: e.detail.reason } }));
  const first = (type: 'expire') => ended.find((e) => e.type == type);
  return { session, first, navigations: tab.navigations };
}

describe("the page's own logout link or form, with the full SDK", () => {
  it('comes with a click on a link to logoutUrl, leaving the navigation to the browser', async () => {
    network.use(djangoLike().handler);
    const { session, first, navigations } = start({ logoutUrl: '/accounts/logout/' });
    const link = Object.assign(document.createElement('a'), { href: '/accounts/logout/#top' });
    link.append(document.createElement('span'));
    document.body.append(link);
    const click = () =>
      link.firstElementChild!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    link.addEventListener('click', (e) => e.preventDefault(), { once: true });
    click();
    expect(session.state).toBe('active');
    click();
    expect(session.state).toBe('expired');
    expect(first('expire')?.detail.reason).toBe('logout');
    await seconds(3);
    expect(navigations).toEqual([]);
  });
  it('comes with a click on a link that the <base> of the page resolves to logoutUrl', async () => {
    network.use(djangoLike().handler);
    const base = Object.assign(document.createElement('base'), { href: '/app/' });
    document.head.append(base);
    const { session } = start({ logoutUrl: '/app/logout/' });
    const link = document.createElement('a');
    link.setAttribute('href', 'logout/');
    document.body.append(link);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    base.remove();
    expect(session.state).toBe('expired');
  });

  it('comes with a form submitted to logoutUrl', async () => {
    network.use(djangoLike().handler);
    const { session } = start({ logoutUrl: '/accounts/logout/' });
    const form = Object.assign(document.createElement('form'), { action: '/accounts/logout/', method: 'post' });
    document.body.append(form);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(session.state).toBe('expired');
  });

  it('does not come with any other click or form: another link, text outside links, the document itself', async () => {
    network.use(djangoLike().handler);
    const errors: unknown[] = [];
    const error = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', error);
    const { session } = start({ logoutUrl: '/accounts/logout/' });
    const click = (target: EventTarget) => target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    for (const href of ['/accounts/logout/more/', '/accounts/', '/accounts/logout/?next=/']) {
      const link = Object.assign(document.createElement('a'), { href });
      document.body.append(link);
      click(link);
    }
    const text = document.createElement('p');
    document.body.append(text);
    click(text);
    click(document);
    const form = Object.assign(document.createElement('form'), { action: '/accounts/profile/' });
    document.body.append(form);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    window.removeEventListener('error', error);
    expect(errors).toEqual([]);
    expect(session.state).toBe('active');
  });

  it('is not watched once the instance is destroyed', async () => {
    network.use(djangoLike().handler);
    const listening = countListeners(document);
    const { session } = start({ logoutUrl: '/accounts/logout/' });
    session.destroy();
    vi.restoreAllMocks();
    expect(listening.get('submit')).toBe(0);
    expect(listening.get('click')).toBe(0);
    const link = Object.assign(document.createElement('a'), { href: '/accounts/logout/' });
    document.body.append(link);
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(session.state).not.toBe('expired');
  });
});
