import { HTTP_DEFAULTS } from './http-ping.js';
import { DEFAULTS, fail } from './options.js';

/** The `data-` attribute of an option: `warnAfter` is `data-warn-after`. */
export const attribute = (name: string) => 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Reads an attribute's text as a value of `type`; undefined or NaN when it is not one. */
function parse(type: string, raw: string): unknown {
  if (type == 'number') return raw.trim() ? +raw : NaN;
  if (type == 'boolean') return raw == 'true' ? true : raw == 'false' ? false : undefined;
  if (type == 'list') return raw.split(/\s+/).filter(Boolean);
  return type == 'object' ? (JSON.parse(raw) as unknown) : raw;
}

/** The options of the dialog and the features that are not text, each with a value of its type. */
const TYPED = { injectStyles: true, warnBefore: 0, mediaActivity: false, titleCountdown: false, frameOrigins: [] };

/** Reads a `data-` attribute as its option's default is typed; the others are strings. */
function convert(name: string, raw: string): unknown {
  const fallback = ({ ...DEFAULTS, ...HTTP_DEFAULTS, ...TYPED } as Record<string, unknown>)[name];
  const type = Array.isArray(fallback) ? 'list' : typeof fallback;
  let value: unknown;
  try {
    value = parse(type, raw);
  } catch {
    // Not JSON: refused below.
  }
  // Named as the options are; `autoStart` renames it to the attribute.
  if (value === undefined || Number.isNaN(value))
    fail(name, raw, type == 'object' ? 'must be JSON' : 'must be a ' + type);
  return value;
}

/**
 * Starts the SDK from its `<script>` tag's `data-` attributes (every option, kebab-case) when it
 * has `data-ping-url`. A bad attribute is logged, naming it, and the page goes on.
 */
export function autoStart<T>(
  script: HTMLOrSVGScriptElement | null,
  start: (options: Record<string, unknown>) => T,
): T | undefined {
  const data = script?.dataset;
  if (!data?.pingUrl) return;
  try {
    const options: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(data)) options[name] = convert(name, raw!);
    return start(options);
  } catch (error) {
    console.error((error as Error).message.replace(/option "(\w+)"/, (_, name: string) => attribute(name)));
  }
}
