// `npm test`: build, typecheck, format, lint, type tests, unit tests, the real-browser tests once per engine (Chromium and
// Firefox: test/browser and test/django; WebKit: test/webkit), package checks. ENGINES=chromium,firefox
// runs only those engines; under CI=true every engine runs. Stops at the first failing step with a
// non-zero exit. Under CI=true a skipped test is a failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NAMES, ENGINES, missing, REQUIREMENTS } from './browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CI = process.env.CI == 'true';
const started = Date.now();
const reports = mkdtempSync(join(tmpdir(), 'session-security-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Each step that ran, with its seconds. */
const timings = [];

function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env, cwd: ROOT }).status === 0;
}

function finish(failedStep) {
  rmSync(reports, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  const counts = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  if (timings.length) console.log(`\n${timings.map(([name, s]) => `${name}: ${s} s`).join(' · ')}`);
  console.log(
    failedStep
      ? `\nnpm test FAILED at "${failedStep}": ${counts} (${seconds} s)`
      : `\nnpm test: ${counts} (${seconds} s)`,
  );
  process.exit(failedStep ? 1 : 0);
}

/** The engines to test: those ENGINES names (comma-separated) in a local run, every one under CI=true. */
function chooseEngines() {
  const asked = process.env.ENGINES ? process.env.ENGINES.split(',').map((name) => name.trim()) : ENGINES;
  const unknown = asked.filter((name) => !ENGINES.includes(name));
  if (unknown.length) {
    console.error(
      `\nENGINES=${process.env.ENGINES}: ${unknown.join(', ')} unknown; the engines are ${ENGINES.join(', ')}.`,
    );
    return finish('choose engines');
  }
  if (CI && ENGINES.some((engine) => !asked.includes(engine))) {
    console.error(
      `\nENGINES=${process.env.ENGINES} under CI=true: CI runs every engine (${ENGINES.join(', ')}); unset ENGINES.`,
    );
    return finish('choose engines');
  }
  return ENGINES.filter((engine) => asked.includes(engine));
}

/**
 * Makes sure the browser of each engine is there: installed with apt-get when missing and running
 * as root on Debian, else the run stops with what to install. A browser is never downloaded.
 */
function findBrowsers(engines) {
  const installable = engines.filter((engine) => missing(engine).length && !REQUIREMENTS[engine].overridden);
  if (installable.length && process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
    console.log(`${installable.map((engine) => ENGINE_NAMES[engine]).join(', ')} missing: installing with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], env))
      for (const engine of installable) run('apt-get', ['install', '-y', ...REQUIREMENTS[engine].install], env);
  }
  const absent = engines.filter((engine) => missing(engine).length);
  for (const engine of absent)
    console.error(
      `\n${ENGINE_NAMES[engine]}: ${missing(engine).join(', ')} not found; the real-browser tests need it.\n` +
        `Install it (Debian: sudo apt-get install -y ${REQUIREMENTS[engine].install.join(' ')})` +
        {
          chromium: ', or point CHROMIUM_PATH at a Chromium or Chrome binary',
          firefox: ', or point FIREFOX_PATH at a Firefox (tested: ESR 153)',
          webkit: '',
        }[engine] +
        `, or leave it out of a local run: ENGINES=${engines.filter((other) => other != engine).join(',') || '…'} npm test`,
    );
  if (absent.length) finish('find browsers');
}

/**
 * Runs one vitest project (only its `files`, when given) and adds its results to the totals;
 * `label` names this run of it. Resolves whether it passed.
 */
function vitest(project, env, label = project, { files = [] } = {}) {
  const report = join(reports, `${label}.json`);
  const args = ['vitest', 'run', '--project', project, ...files];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${report}`);
  const child = spawn('npx', args, { stdio: 'inherit', env, cwd: ROOT });
  return new Promise((resolve) => child.on('close', (status) => resolve(counted(label, report) && status === 0)));
}

/** Adds a run's report to the totals; false when it has none, or skipped a test under CI=true. */
function counted(label, report) {
  if (!existsSync(report)) return false;
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = numPendingTests + numTodoTests;
  totals.passed += numPassedTests;
  totals.failed += numFailedTests;
  totals.skipped += skipped;
  if (CI && skipped > 0) {
    console.error(`\nCI=true: ${skipped} test(s) of the ${label} run were skipped; every suite must run in CI.`);
    return false;
  }
  return true;
}

/**
 * An engine's real-browser tests. In Chromium and Firefox, the Django suite runs after the others,
 * alone: its tests wait on the real server's clock, and with the other files beside it (stopped
 * clocks, but four tests at once) a loaded machine delivered its clicks and pings late. Firefox
 * runs test/browser one test at a time: four at once on two cores, its tabs file took 426 s
 * with 9 tests timed out (stopped clocks with five tabs), against 221 s and none one at a time.
 */
async function browserTests(engine) {
  const env = { ...process.env, ENGINE: engine };
  if (engine == 'webkit') return vitest('browser', env, `browser-${engine}`);
  const alone = engine == 'firefox' && !process.env.CONCURRENCY ? { CONCURRENCY: '1' } : {};
  return (
    (await vitest('browser', { ...env, ...alone }, `browser-${engine}`, { files: ['test/browser/'] })) &&
    vitest('browser', env, `django-${engine}`, { files: ['test/django/'] })
  );
}

/**
 * The Django compatibility suite runs the real app from Debian's packages. Installed here, where
 * apt may take its time, rather than inside a test hook with a timeout.
 */
function ensureDjango() {
  const probe = () =>
    spawnSync('/usr/bin/python3', ['-c', 'import django, session_security'], { stdio: 'ignore' }).status === 0;
  if (probe() || process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) return;
  console.log('Django and django-session-security are missing: installing them with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run(
    'apt-get',
    ['install', '-y', '--no-install-recommends', 'python3-django', 'python3-django-session-security'],
    env,
  );
}

const engines = chooseEngines();
findBrowsers(engines);
// test/django runs in the engines playwright-core drives.
if (engines.some((engine) => engine != 'webkit')) ensureDjango();
const steps = [
  ['build', () => run('npx', ['rollup', '-c'])],
  // Seconds, not minutes: a size over its budget fails before the browsers start.
  ['package checks', () => run('node', ['scripts/check-package.mjs'])],
  ['typecheck', () => run('npx', ['tsc', '--noEmit']) && run('npx', ['tsc', '--noEmit', '-p', 'test'])],
  ['format (Prettier)', () => run('npx', ['prettier', '--check', '.'])],
  ['lint (ESLint, typescript-eslint type-checked)', () => run('npx', ['eslint', 'src', 'test'])],
  ['type tests', () => vitest('types', process.env)],
  ['unit tests', () => vitest('unit', process.env)],
  // One engine after another: the timing assertions need the machine's cores to themselves.
  ...engines.map((engine) => [`browser tests in ${ENGINE_NAMES[engine]}`, () => browserTests(engine)]),
];

for (const [name, step] of steps) {
  console.log(`\n▶ ${name}`);
  const stepStarted = Date.now();
  const ok = await step();
  timings.push([name, Math.round((Date.now() - stepStarted) / 1000)]);
  if (!ok) finish(name);
}
finish();
