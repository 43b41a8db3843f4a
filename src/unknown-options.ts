/** The fewest insertions, deletions and substitutions that turn `a` into `b`, case aside. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * Warns in the console of each of `given`'s options that `known` lacks, with the closest known
 * name when one is close: the SDK ignores an option it does not know, so a typo (`warnAftr`)
 * would leave the default in force without a word. For the development builds: callers check
 * `DEVELOPMENT`, and the production builds drop this module.
 * @param known an object whose keys are the known names.
 * @param name how the message writes a name: the script tag's are `data-` attributes.
 * @param kind what the names are.
 * @returns the unknown names.
 */
export function warnUnknown(
  given: object,
  known: object,
  name = (option: string) => `"${option}"`,
  kind = 'option',
): string[] {
  const names = Object.keys(known);
  const unknown = Object.keys(given).filter((option) => !names.includes(option));
  for (const option of unknown) {
    const closest = names.reduce((best, next) => (distance(option, next) < distance(option, best) ? next : best));
    // Close: a slip of a letter or two (more in a long name), or of case only.
    const close = distance(option, closest) <= Math.max(2, option.length / 4);
    console.warn(
      `session-security: unknown ${kind} ${name(option)}, ignored${close ? `; did you mean ${name(closest)}?` : ''}`,
    );
  }
  return unknown;
}
