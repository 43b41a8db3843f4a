import { beforeAll, vi } from 'vitest';
import { djangoLike } from '../support/django-like';
import { network } from '../support/setup';

/**
 * jsdom has <dialog> without its methods: these do what a browser's do to `open` and the focus
 * (the element with `autofocus`, else the first focusable one). Layout, the focus trap and
 * inertness are tested in Chromium with the built-in dialog.
 */
export function useModalDialogs() {
  beforeAll(() => {
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.open = true;
      const focusable = 'button, [href], input, select, textarea, [tabindex]';
      (this.querySelector<HTMLElement>('[autofocus]') ?? this.querySelector<HTMLElement>(focusable))?.focus();
    };
    HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
      this.open = false;
    };
  });
}

/**
 * What the sessions started by `start()` hold once `then()` has run, against a server of their
 * ping: listeners on window and document, pending timers, open BroadcastChannels, open dialogs,
 * pings received.
 */
export async function countSideEffects(start: () => Promise<unknown>, then: () => Promise<unknown>) {
  const { server, handler } = djangoLike({ url: '*/session_security/ping/', expireAfter: 600 });
  network.use(handler);
  let listeners = 0;
  for (const target of [document, window]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    vi.spyOn(target, 'addEventListener').mockImplementation((...args) => (listeners++, add(...args)));
    vi.spyOn(target, 'removeEventListener').mockImplementation((...args) => (listeners--, remove(...args)));
  }
  let channels = 0;
  vi.stubGlobal(
    'BroadcastChannel',
    class extends BroadcastChannel {
      constructor(name: string) {
        super(name);
        channels++;
      }
      override close() {
        channels--;
        super.close();
      }
    },
  );
  try {
    await start();
    await then();
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  }
  return {
    listeners,
    timers: vi.getTimerCount(),
    channels,
    dialogs: document.querySelectorAll('dialog[open]').length,
    pings: server.pings.length,
  };
}
