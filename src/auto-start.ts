/** How `data-` attribute strings become options; the rest are strings. */
const TYPES: Record<string, string> = {
  warnAfter: 'number',
  expireAfter: 'number',
  pingTimeout: 'number',
  trustedEventsOnly: 'boolean',
  injectStyles: 'boolean',
  events: 'list',
  headers: 'json',
};

const attribute = (name: string) => 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function convert(name: string, raw: string): unknown {
  const type = TYPES[name];
  let value: unknown;
  try {
    value = type == 'number' ? (raw.trim() ? +raw : NaN) : type == 'boolean' ? (raw == 'true' ? true : raw == 'false' ? false : undefined) : type == 'list' ? raw.split(/\s+/).filter(Boolean) : type == 'json' ? JSON.parse(raw) : raw;
  } catch {}
  if (value === undefined || Number.isNaN(value)) throw new TypeError(`session-security: option "${name}" must be ${type == 'json' ? 'JSON' : `a ${type}`}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Starts the SDK from its `<script>` tag's `data-` attributes (every option, kebab-case) when it
 * has `data-ping-url`. A bad attribute is logged, naming it, and the page goes on.
 */
export function autoStart<T>(script: HTMLOrSVGScriptElement | null, start: (options: Record<string, unknown>) => T): T | undefined {
  const data = script?.dataset;
  if (!data?.pingUrl) return;
  try {
    const options: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(data)) options[name] = convert(name, raw!);
    return start(options);
  } catch (e) {
    console.error(String((e as Error).message ?? e).replace(/option "(\w+)"/, (_, name) => attribute(name)));
  }
}
