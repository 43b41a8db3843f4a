// HTML built by a tagged template: every interpolated value is escaped unless it is itself
// html`...` or raw(...), so user data can never become markup.

class Markup {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const render = (value) =>
  value instanceof Markup
    ? value.text
    : Array.isArray(value)
      ? value.map(render).join('')
      : value == null || value === false
        ? ''
        : String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Markup trusted as is (the server's own constant snippets). */
export const raw = (text) => new Markup(text);

export const html = (strings, ...values) => new Markup(strings.reduce((out, s, i) => out + render(values[i - 1]) + s));
