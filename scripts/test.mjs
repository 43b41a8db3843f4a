// `npm test`: build, typecheck, format, lint, type tests, unit tests, real-browser tests (Chromium,
// Django), package checks.
// Stops at the first failing step with a non-zero exit. Under CI=true a skipped test is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CI = process.env.CI == 'true';
const started = Date.now();
const reports = mkdtempSync(join(tmpdir(), 'session-security-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env, cwd: ROOT }).status === 0;
}

function finish(failedStep) {
  rmSync(reports, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  const counts = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  console.log(
    failedStep
      ? `\nnpm test FAILED at "${failedStep}": ${counts} (${seconds} s)`
      : `\nnpm test: ${counts} (${seconds} s)`,
  );
  process.exit(failedStep ? 1 : 0);
}

function findChromium() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const canInstall = !process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (canInstall) {
    console.log('Chromium is missing: installing it with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], env) && run('apt-get', ['install', '-y', 'chromium'], env) && existsSync(path))
      return path;
  }
  console.error(
    `\nChromium not found at ${path}: the real-browser tests need it.\n` +
      'Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  return finish('find Chromium');
}

/** Runs one vitest project and adds its results to the totals. */
function vitest(project, env) {
  const report = join(reports, `${project}.json`);
  const ok = run(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
  );
  if (!existsSync(report)) return false;
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = numPendingTests + numTodoTests;
  totals.passed += numPassedTests;
  totals.failed += numFailedTests;
  totals.skipped += skipped;
  if (CI && skipped > 0) {
    console.error(`\nCI=true: ${skipped} test(s) of the ${project} project were skipped; every suite must run in CI.`);
    return false;
  }
  return ok;
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

const env = { ...process.env, CHROMIUM_PATH: findChromium() };
ensureDjango();
const steps = [
  ['build', () => run('npx', ['rollup', '-c'])],
  ['typecheck', () => run('npx', ['tsc', '--noEmit']) && run('npx', ['tsc', '--noEmit', '-p', 'test'])],
  ['format (Prettier)', () => run('npx', ['prettier', '--check', '.'])],
  ['lint (ESLint, typescript-eslint type-checked)', () => run('npx', ['eslint', 'src', 'test'])],
  ['type tests', () => vitest('types', env)],
  ['unit tests', () => vitest('unit', env)],
  ['browser tests', () => vitest('browser', env)],
  ...(existsSync(join(ROOT, 'scripts/check-package.mjs'))
    ? [['package checks', () => run('node', ['scripts/check-package.mjs'])]]
    : []),
];

for (const [name, step] of steps) {
  console.log(`\n▶ ${name}`);
  if (!step()) finish(name);
}
finish();
