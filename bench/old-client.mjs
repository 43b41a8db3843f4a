// The client ours replaces, from Debian: jQuery 3 (`libjs-jquery`) and django-session-security's
// script.js (`python3-django-session-security`). Installed with apt-get when missing and we are root.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const JQUERY = '/usr/share/javascript/jquery/jquery.min.js';
export const SCRIPT = '/usr/lib/python3/dist-packages/session_security/static/session_security/script.js';
const PACKAGES = ['libjs-jquery', 'python3-django-session-security'];

/** Paths and versions of the old client's files; installs the Debian packages if needed. */
export function oldClient() {
  if (![JQUERY, SCRIPT].every(existsSync)) {
    if (process.getuid?.() !== 0)
      throw new Error(`The old client is missing: apt-get install -y ${PACKAGES.join(' ')}`);
    console.error(`Installing the old client: apt-get install -y ${PACKAGES.join(' ')}`);
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', ...PACKAGES], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  const jquery = readFileSync(JQUERY, 'utf8');
  return {
    jquery: { path: JQUERY, source: jquery, version: jquery.match(/jQuery v([\d.]+)/)?.[1] ?? 'unknown' },
    script: {
      path: SCRIPT,
      source: readFileSync(SCRIPT, 'utf8'),
      version: debianVersion('python3-django-session-security'),
    },
  };
}

function debianVersion(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' });
  } catch {
    return 'unknown';
  }
}
