/** `tag` in canonical form, or undefined when it is missing or malformed (Intl then uses the browser's language). */
export function locale(tag?: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    // A malformed `<html lang>` ("en_US") must not break the warning.
  }
}

/**
 * `seconds` in words of `lang`, with its plurals, exact to the second so a countdown ticks:
 * "45 seconds", "1 minute", "1 minute, 30 seconds", "45 Sekunden", "1 minute et 30 secondes".
 */
export function formatTime(seconds: number, lang?: string): string {
  const tag = locale(lang);
  const unit = (unit: string, n: number) =>
    new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = minutes ? [unit('minute', minutes)] : [];
  if (rest || !minutes) parts.push(unit('second', rest));
  return new Intl.ListFormat(tag, { type: 'unit' }).format(parts);
}
