// The table (Markdown, printed and pasted in the README) and the targets, from the results.
import { round } from './stats.mjs';

const n = (x, digits = 0) => (x == null || !Number.isFinite(x) ? '–' : round(x, digits).toLocaleString('en-US'));
const ms = (x) => (x == null ? '–' : `${n(x, x < 10 && x > -10 ? 1 : 0)}`);
const pair = (s) => (s ? `${ms(s.median)} / ${ms(s.worst)}` : '–');
const ratio = (x) => (x == null || !Number.isFinite(x) ? '–' : `${round(x, 2)}`);

/** Each target: whether ours meets it, and by how much it misses. */
export function targets(r) {
  const out = [];
  const add = (name, met, detail) => out.push({ name, met, detail });
  if (r.bytes)
    add(
      'Bytes ≤ 1/5 of the old client (gzip and brotli)',
      r.bytes.ratio.gzip <= 0.2 && r.bytes.ratio.brotli <= 0.2,
      `gzip ${ratio(r.bytes.ratio.gzip)}, brotli ${ratio(r.bytes.ratio.brotli)}`,
    );
  if (r.handlers)
    add('Handler cost ≤ 1/3 of the old client', r.handlers.ratio <= 1 / 3, `ratio ${ratio(r.handlers.ratio)}`);
  if (r.pings) {
    const counts = Object.values(r.pings.byTabs).map((t) => t.ours.pings);
    add(
      'One ping per reconciliation point for any number of tabs',
      counts.every((c) => c == counts[0]),
      `ours: ${counts.join(', ')} pings for ${Object.keys(r.pings.byTabs).join(', ')} tabs`,
    );
  }
  if (r.propagation)
    add('Propagation < 100 ms worst case', r.propagation.ours.worst < 100, `worst ${ms(r.propagation.ours.worst)} ms`);
  if (r.expiry) {
    const v = r.expiry.scenarios['visible tab alone']?.ours.covered;
    add(
      'Visible-tab expiry within 250 ms of the deadline',
      v?.worst != null && Math.abs(v.worst) <= 250 && Math.abs(v.median) <= 250,
      `worst ${ms(v?.worst)} ms`,
    );
  }
  if (r.memory) {
    const clean = [r.memory.ours, r.memory.oursDropIn].every((m) => m.clean);
    add(
      'No leaks after 1,000 create/destroy cycles',
      clean,
      [r.memory.ours, r.memory.oursDropIn].map((m) => `heap +${n(m.heap.growthPerRound[1] / 1024, 1)} KB`).join(', '),
    );
  }
  if (r.idle)
    add(
      'No periodic wake-ups before the warning',
      r.idle.perMinute.ours == 0 && (r.idle.perMinute['ours-data'] ?? 0) == 0,
      `${n(r.idle.perMinute.ours, 1)} per minute`,
    );
  return out;
}

/** The Markdown table: measure, ours, old, ratio or note. */
export function table(r) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  row('Measure', 'Ours', 'Old (jQuery 3 + script.js)', 'Ours / old');
  row('---', '---:', '---:', '---:');
  if (r.bytes) {
    const { ours, old } = r.bytes;
    row('Bytes shipped, minified', n(ours.min), n(old.min), ratio(r.bytes.ratio.min));
    row('Bytes shipped, gzip -9', n(ours.gzip), n(old.gzip), ratio(r.bytes.ratio.gzip));
    row('Bytes shipped, brotli -q 11', n(ours.brotli), n(old.brotli), ratio(r.bytes.ratio.brotli));
  }
  if (r.handlers) {
    const { ours, old } = r.handlers.costMs;
    row(
      'Handler time, 100,000 mouse moves (ms)',
      ms(ours.mousemove),
      ms(old.mousemove),
      ratio(ours.mousemove / old.mousemove),
    );
    row('Handler time, 100,000 scroll events (ms)', ms(ours.scroll), ms(old.scroll), ratio(ours.scroll / old.scroll));
    row('Handler time, both (ms)', ms(ours.total), ms(old.total), ratio(r.handlers.ratio));
    const floor = r.handlers.costMs['noop-listener'];
    if (floor)
      row(
        '… an empty listener per event type, for reference (ms)',
        ms(floor.total),
        '',
        ratio(floor.total / old.total),
      );
  }
  if (r.pings)
    for (const [tabs, t] of Object.entries(r.pings.byTabs))
      row(
        `Pings per warn cycle, ${tabs} tab${tabs == 1 ? '' : 's'}`,
        n(t.ours.pings),
        n(t.old.pings),
        ratio(t.ours.pings / t.old.pings),
      );
  if (r.propagation) {
    const { ours, old, capMs } = r.propagation;
    row(
      `Warning gone in the other tabs, median / worst (ms)`,
      pair(ours),
      `${pair(old)}${old.capped ? ` (${old.capped} of ${old.samples} still shown at the ${capMs} ms cap)` : ''}`,
      '',
    );
  }
  if (r.expiry)
    for (const [scenario, s] of Object.entries(r.expiry.scenarios)) {
      row(
        `Expiry, ${scenario}: covered after the deadline, median / worst (ms)`,
        pair(s.ours?.covered),
        pair(s.old?.covered),
        '',
      );
      row(
        `… covered after the server's end, median / worst (ms)`,
        pair(s.ours?.coveredAfterServer),
        pair(s.old?.coveredAfterServer),
        '',
      );
    }
  if (r.memory) {
    const { ours, oursDropIn, old } = r.memory;
    const left = (m) =>
      `${m.listeners.after - m.listeners.before} listeners, ${m.timers.after - m.timers.before} timers, ${m.elements.after - m.elements.before} elements`;
    row(
      'Left after 1,000 create/destroy cycles',
      left(ours),
      `no destroy; each construction adds ${old.perConstruction.jqueryHandlers} jQuery handlers, ${old.perConstruction.timers} timer`,
      '',
    );
    row('… with the drop-in `yourlabs.SessionSecurity`', left(oursDropIn), '', '');
    const kb = (m) => m.heap.growthPerRound.map((g) => `${n(g / 1024, 1)}`).join(', ');
    row('Heap growth, two rounds of 1,000 cycles (KB)', `${kb(ours)} (drop-in ${kb(oursDropIn)})`, '', '');
  }
  if (r.idle) {
    const p = r.idle.perMinute;
    row(
      `Timer wake-ups per minute, idle (observed ${r.idle.seconds} s)`,
      `${n(p.ours, 1)}${p['ours-data'] != null ? ` (script tag ${n(p['ours-data'], 1)})` : ''}`,
      n(p.old, 1),
      '',
    );
  }
  return rows.join('\n');
}

export function machineLine(m) {
  return `${m.cpus} × ${m.cpu}, ${m.memoryGB} GB, ${m.os}; Chromium ${m.chromium}; Node ${m.node}; load average ${m.loadBefore.map((x) => round(x, 2)).join(' ')} before, ${m.loadAfter.map((x) => round(x, 2)).join(' ')} after`;
}
