// `npm run bench`: ours against the client it replaces, in real Chromium, in one run. Prints a
// table and the targets, writes bench/results.json. `node bench/run.mjs pings expiry` runs only
// those measures.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { oldClient } from './old-client.mjs';
import { createBenchServer } from './server.mjs';
import { measureBytes } from './measures/bytes.mjs';
import { measureHandlers } from './measures/handlers.mjs';
import { measurePings } from './measures/pings.mjs';
import { measurePropagation } from './measures/propagation.mjs';
import { measureExpiry } from './measures/expiry.mjs';
import { measureMemory } from './measures/memory.mjs';
import { measureIdle } from './measures/idle.mjs';
import { machineLine, table, targets } from './report.mjs';

const OURS = fileURLToPath(new URL('../dist/session-security.min.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));

const MEASURES = {
  bytes: () => measureBytes({ ours: OURS, old }),
  handlers: () => measureHandlers(browser, server, { clients: ['none', 'ours', 'old', 'noop-listener'] }),
  pings: () => measurePings(browser, server),
  propagation: () => measurePropagation(browser, server),
  expiry: () => measureExpiry(browser, server),
  memory: () => measureMemory(browser, server),
  idle: () => measureIdle(browser, server),
};

const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!MEASURES[name]) throw new Error(`unknown measure ${name}; known: ${Object.keys(MEASURES).join(', ')}`);
if (!existsSync(OURS)) throw new Error('dist/ is not built: run `npm run bench` (it builds first) or `npx rollup -c`.');
if (!readFileSync(OURS, 'utf8').includes('yourlabs'))
  throw new Error(
    'dist/session-security.min.js has no yourlabs.SessionSecurity drop-in: the runtime measures need it.',
  );

const old = oldClient();
const server = await createBenchServer({ ours: OURS, jquery: old.jquery.path, old: old.script.path });
const browser = await launch();
const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model.trim(),
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  chromium: browser.version(),
  node: process.versions.node,
  loadBefore: os.loadavg(),
};
const results = {
  date: new Date().toISOString(),
  machine,
  old: { jquery: old.jquery.version, djangoSessionSecurity: old.script.version },
};

const started = Date.now();
try {
  for (const name of wanted.length ? wanted : Object.keys(MEASURES)) {
    const t = Date.now();
    process.stderr.write(`${name}… `);
    results[name] = await MEASURES[name]();
    process.stderr.write(`${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
machine.loadAfter = os.loadavg();
results.seconds = Math.round((Date.now() - started) / 1000);
results.targets = targets(results);
writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');

console.log(`\n${table(results)}\n`);
console.log(
  `Machine: ${machineLine(machine)}. Old client: jQuery ${old.jquery.version}, django-session-security ${old.script.version} (Debian).`,
);
console.log(`Took ${results.seconds} s. Results: ${RESULTS}\n`);
console.log('Targets:');
for (const t of results.targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.detail}`);
