import { checkOrigin, relayActivity } from './frames.js';
import { attribute, DEFAULTS, fail, fromAttributes } from './options.js';
import { browserPlatform } from './platform.js';
import { trackActivity } from './activity.js';

/** Tells the parent page at `origin` of the user's activity in this page, and nothing more. */
function relayOnly(origin: string) {
  checkOrigin('parentOrigin', origin);
  trackActivity({ ...DEFAULTS, namespace: 'session-security:relay' }, relayActivity(origin), browserPlatform());
}

/** Reads an attribute's text as a value of `type`; undefined or NaN when it is not one. */
function parse(type: string, raw: string): unknown {
  if (type == 'number') return raw.trim() ? +raw : NaN;
  if (type == 'boolean') return raw == 'true' ? true : raw == 'false' ? false : undefined;
  if (type == 'list') return raw.split(/\s+/).filter(Boolean);
  return type == 'object' ? (JSON.parse(raw) as unknown) : raw;
}

/** The full SDK's options that are not strings, by a value of their type. */
const TYPED: Record<string, unknown> = {
  injectStyles: true,
  mediaActivity: true,
  titleCountdown: true,
  frameOrigins: [],
};

/** Reads a `data-` attribute as its option is typed; the rest are strings. */
function convert(name: string, raw: string): unknown {
  const fallback = TYPED[name] ?? DEFAULTS[name as keyof typeof DEFAULTS];
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
 * has `data-ping-url`; with `data-parent-origin` alone, a page framed by another origin only
 * tells its parent of its activity. A bad attribute is logged, naming it, and the page goes on.
 */
export function autoStart<T>(
  script: HTMLOrSVGScriptElement | null,
  start: (options: Record<string, unknown>) => T,
): T | undefined {
  const data = script?.dataset;
  try {
    if (!data?.pingUrl) return void (data?.parentOrigin && relayOnly(data.parentOrigin));
    const options: Record<string, unknown> = {};
    fromAttributes.add(options);
    for (const [name, raw] of Object.entries(data)) options[name] = convert(name, raw!);
    return start(options);
  } catch (error) {
    console.error((error as Error).message.replace(/option "(\w+)"/, (_, name: string) => attribute(name)));
  }
}
