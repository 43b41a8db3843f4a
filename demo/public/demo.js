// The demo pages' live view of the SDK: its events, its state, and what the server sees.
// Loaded as a module after the page's own SDK snippet, so window.sessionSecurity exists by now.
const session = window.sessionSecurity;
const log = document.getElementById('event-log');
const status = (name) => document.querySelector(`[data-status="${name}"]`);
const MAX_ENTRIES = 50;

const DETAILS = {
  activity: () => '',
  ping: ({ idleFor, answer }) => `idleFor=${idleFor} → ${JSON.stringify(answer)}`,
  warn: ({ secondsLeft, extendable }) =>
    `${secondsLeft} s left${extendable === false ? ': the lifetime, which nothing extends' : ''}`,
  resume: () => 'warning dismissed',
  error: ({ reason, status }) => (status ? `${reason} (HTTP ${status})` : reason),
  expire: ({ reason }) => `reason: ${reason}`,
};

function entry(type, text) {
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const last = log.firstElementChild;
  // Moving the mouse reports activity every second: count it on one line instead of flooding the log.
  if (type == 'activity' && last?.dataset.type == 'activity') {
    last.dataset.count = String(Number(last.dataset.count) + 1);
    last.querySelector('time').replaceWith(time);
    last.querySelector('span').textContent = `×${last.dataset.count}`;
    return;
  }
  const item = document.createElement('li');
  item.dataset.type = type;
  item.dataset.count = '1';
  const name = document.createElement('b');
  name.textContent = type;
  const detail = document.createElement('span');
  detail.textContent = text;
  item.append(time, ' ', name, ' ', detail);
  log.prepend(item);
  while (log.children.length > MAX_ENTRIES) log.lastElementChild.remove();
}

function showState() {
  status('state').textContent = session.state;
  status('idle').textContent = `${Math.round(session.idleSeconds)} s`;
  status('remaining').textContent = `${Math.max(0, Math.round(session.remainingSeconds))} s`;
}

async function showServer() {
  try {
    const response = await fetch('/api/session/', { cache: 'no-store' });
    const { username, idleFor, expireAfter } = await response.json();
    status('server').textContent = username ? `${idleFor} s (signs out at ${expireAfter} s)` : 'signed out';
  } catch {
    status('server').textContent = 'unreachable';
  }
}

// The absolute lifetime's end, in the visitor's own time.
const lifetime = status('lifetime');
if (lifetime)
  lifetime.querySelector('time').textContent = new Date(Number(lifetime.dataset.endsAt)).toLocaleTimeString();

if (session && typeof session.addEventListener == 'function') {
  for (const type of Object.keys(DETAILS))
    session.addEventListener(type, (event) => entry(type, DETAILS[type](event.detail ?? {})));
  entry('started', `warning after ${document.querySelector('[name=warnAfter]').value} s of inactivity`);
  showState();
  showServer();
  const timer = setInterval(() => {
    showState();
    if (session.state == 'expired') clearInterval(timer);
    else showServer();
  }, 1000);
} else {
  entry('error', 'The SDK did not start: window.sessionSecurity is missing. Is dist/ built (npx rollup -c)?');
  status('state').textContent = 'not started';
}
