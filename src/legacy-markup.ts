/**
 * Makes the package's markup what it lacks to be an accessible modal (axe-core: `aria-dialog-name`):
 * an alert dialog named by its heading and described by its text, the page behind it inert.
 * Records in `undo` how to put each change back, latest first.
 */
export function makeModal(markup: HTMLElement, undo: (() => void)[]): void {
  const set = (element: Element, name: string, value: string) => {
    const before = element.getAttribute(name);
    undo.unshift(() => (before == null ? element.removeAttribute(name) : element.setAttribute(name, before)));
    element.setAttribute(name, value);
  };
  set(markup, 'role', 'alertdialog');
  set(markup, 'aria-modal', 'true');
  for (const [name, selector, id] of [
    ['aria-labelledby', 'h1,h2,h3,h4,h5,h6', 'session_security_title'],
    ['aria-describedby', 'p', 'session_security_text'],
  ]) {
    const element = markup.querySelector(selector);
    if (!element) continue;
    set(element, 'id', element.id || id);
    set(markup, name, element.id);
  }
  for (let node: Element = markup; node.parentElement && node != document.body; node = node.parentElement)
    for (const sibling of node.parentElement.children) if (sibling != node) set(sibling, 'inert', '');
}
