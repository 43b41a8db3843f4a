import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formGuard } from '../../src/form-guard';
import type { SessionState } from '../../src/types';

const MESSAGE = 'You have unsaved changes in a form of this page.';

let session: { state: SessionState };
let message: string | undefined;
let cleanup: () => void;
let form: HTMLFormElement;
let field: HTMLInputElement;

/** Leaves the page as the browser does; returns whether the browser would ask for confirmation. */
const leaving = () => {
  const event = new Event('beforeunload', { cancelable: true });
  dispatchEvent(event);
  return event.defaultPrevented;
};
const type = (target: Element = field, kind = 'input') => target.dispatchEvent(new Event(kind, { bubbles: true }));

beforeEach(() => {
  document.body.innerHTML =
    '<form><input name="title"><select name="tag"><option>a</option><option>b</option></select></form><input id="search">';
  form = document.querySelector('form')!;
  field = form.querySelector('input')!;
  session = { state: 'active' };
  message = MESSAGE;
  cleanup = formGuard(session, () => message);
});
afterEach(() => cleanup());

describe('leaving a page with a form', () => {
  it('is free while no form changed', () => {
    expect(leaving()).toBe(false);
  });

  it('asks for confirmation once a field of a form changed', () => {
    type();
    expect(leaving()).toBe(true);
  });

  it('asks after a change event too (a select, a checkbox)', () => {
    type(form.querySelector('select')!, 'change');
    expect(leaving()).toBe(true);
  });

  it('is free again once the form is submitted', () => {
    type();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(leaving()).toBe(false);
  });

  it('is free again once the form is reset', () => {
    type();
    form.reset();
    expect(leaving()).toBe(false);
  });

  it('ignores fields outside any form', () => {
    type(document.getElementById('search')!);
    expect(leaving()).toBe(false);
  });

  it('ignores a changed form the page removed', () => {
    type();
    form.remove();
    expect(leaving()).toBe(false);
  });

  it('still asks for a changed form the page keeps when it removed another', () => {
    const other = document.body.appendChild(document.createElement('form'));
    type(other.appendChild(document.createElement('input')));
    type();
    other.remove();
    expect(leaving()).toBe(true);
  });

  it("counts a change whose event the page's own script stops", () => {
    form.addEventListener('input', (event) => event.stopPropagation());
    type();
    expect(leaving()).toBe(true);
  });

  it('ignores a field marked data-session-security-ignore (a search box in the form)', () => {
    field.setAttribute('data-session-security-ignore', '');
    type();
    expect(leaving()).toBe(false);
    type(form.querySelector('select')!, 'change');
    expect(leaving()).toBe(true);
  });

  it('ignores every field of a form marked data-session-security-ignore (a filter form)', () => {
    form.setAttribute('data-session-security-ignore', '');
    type();
    type(form.querySelector('select')!, 'change');
    expect(leaving()).toBe(false);
  });

  it('ignores the fields inside an element so marked, and a field outside its marked form', () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<form id="filters" data-session-security-ignore></form><input form="filters" id="q">' +
        '<form><fieldset data-session-security-ignore><input id="sort"></fieldset></form>',
    );
    type(document.getElementById('q')!);
    type(document.getElementById('sort')!);
    expect(leaving()).toBe(false);
  });

  it('stays free without a message (confirmFormDiscard turned off)', () => {
    type();
    message = undefined;
    expect(leaving()).toBe(false);
    message = MESSAGE;
    expect(leaving()).toBe(true);
  });

  it('never blocks the end of the session', () => {
    type();
    session.state = 'expired';
    expect(leaving()).toBe(false);
  });

  it('is free after its cleanup, and stops watching forms', () => {
    type();
    cleanup();
    expect(leaving()).toBe(false);
    type();
    expect(leaving()).toBe(false);
  });
});
