import { vi } from 'vitest';
import { SessionSecurity } from '../../../src/core';
import { judge, type Shared, type Timing } from '../../../src/idle-model';
import { clock, type Platform } from '../../../src/platform';
import type { Tabs } from '../../../src/tabs/tabs';
import type { ExpireReason } from '../../../src/types';
import { seeded, World, type BrowserFeatures, type Network, type Ping, type SimTab } from './simulated-browser';

/** The seven invariants of the engine under any interleaving of tabs, clocks and faults. */
export type Property =
  | 'expires on time'
  | 'never ends early'
  | 'never extends the server'
  | 'one ping per point'
  | 'tabs agree'
  | 'nothing runs after destroy'
  | 'the countdown shows only time the server grants';

/** Each engine's record of the browser's session, by its platform: the very object it judges. */
const records = new WeakMap<Platform, Shared>();
vi.mock('../../../src/tabs/tabs', async (load) => {
  const tabs = await load<typeof import('../../../src/tabs/tabs')>();
  return {
    ...tabs,
    joinTabs(...args: Parameters<typeof tabs.joinTabs>): Tabs {
      const joined = tabs.joinTabs(...args);
      records.set(args[1], joined.shared);
      return joined;
    },
  };
});

export interface Setup {
  seed: number;
  /** Seconds, as the options take them. */
  warnAfter: number;
  expireAfter: number;
  pingTimeout: number;
  features: BrowserFeatures;
  returnToUrl: string;
}

const START = Date.UTC(2026, 0, 1, 9);

/** The tab whose engine is being constructed hears its events, those dispatched by the constructor too. */
let observe: (event: Event) => void = () => {};
const observers = new WeakMap<SessionSecurity, (event: Event) => void>();
class Observed extends SessionSecurity {
  override dispatchEvent(event: Event): boolean {
    // Class fields are not there yet while the engine's constructor dispatches.
    (observers.get(this) ?? observe)(event);
    return super.dispatchEvent(event);
  }
}
/** A violation of the property under test: fast-check shrinks the commands that led to it. */
export class Violation extends Error {}

/** Activity in a tab whose countdown showed time: the server must keep it (property 7). */
interface Shown {
  at: number;
  tab: TabRun;
  /** The time the countdown showed. */
  shown: number;
  /**
   * When the browser last regained a tab that could report it (awake, running our engine, this
   * tab or one hearing it) after it lost every such tab (closed, frozen, destroyed, deaf, the
   * machine asleep) while the server lacked it; Infinity while it has none.
   */
  regained?: number;
}

/** One tab as the properties see it. */
export interface TabRun {
  sim: SimTab;
  session?: SessionSecurity;
  warning: boolean;
  /** Its end; `heard`: it could hear the other tabs then (the channel, or storage, worked). */
  ended?: { at: number; reason: ExpireReason; heard: boolean };
  destroyed: boolean;
  /** Thawed after the session should have ended: its first act must be to end. */
  mustEndFirst: boolean;
  /** When it last thawed (it gets the same 100 ms to agree as a message). */
  thawed: number;
  /**
   * Since it last thawed, when an answer showing the session alive on the server (a sign-in it
   * had not heard of) reached it, or could have: from then it has no end to hurry to.
   */
  alive: number;
  /** The last activity in this tab: its page load, its input. */
  own: number;
  /** When a ping of this tab was answered "logout". */
  logoutAnswered: number;
  /**
   * The server's stamp as this tab's own answered pings found it, less each ping's way to the
   * server: whole seconds date it at the earliest moment the answer allows.
   */
  told: number;
  /** Time that no clock of the machine showed this tab (the wall clock moved back, then a sleep stopped the monotonic one). */
  unseen: number;
  /** How far the wall clock moved back since this tab last read its clock. */
  back: number;
  /** When its engine started; `late` if the session had ended by then, as far as the browser knew: it asks the server once first. */
  started?: number;
  late?: boolean;
  /** The last reading of its clock, with the world's wall and monotonic clocks then. */
  read: { value: number; wall: number; monotonic: number };
}

/**
 * One simulated browser with the real engine in each tab, watched by the property under test.
 * Commands act on it; every task, and every move of the clock, is checked.
 */
export class BrowserRun {
  readonly world: World;
  readonly tabs: TabRun[] = [];
  readonly timing: Timing;
  /**
   * The last activity of the user the browser knows (input, or a page load once its engine
   * runs: the others cannot know of a page whose script has not run yet), true time.
   */
  lastActivity = START;
  /** The last page load, known to the browser or not yet. */
  lastLoad = START;
  /** The last activity only the server saw (a request of a page, another device), true time. */
  lastElsewhere = 0;
  /** The server's stamp as the last answered ping found it: what the browser can learn of `lastElsewhere`. */
  learnt = 0;
  /** The browser's knowledge, in true time, for "one ping per point": the idle model's record. */
  readonly known: Shared = { activity: START, server: START, pinged: 0, answered: 0, expired: 0 };
  /** When an answer "logout" reached a tab. */
  logoutAnswered = Infinity;
  /** A person pressed "Sign out" (logout()). */
  loggedOut = false;
  /** Each tab's last ping: when it left, and the activity the browser knew then. */
  private readonly sending = new Map<TabRun, { at: number; activity: number; ping: Ping }>();
  private disagree = Infinity;
  /** The tabs could not hear each other since they last agreed. */
  private deaf = false;
  /** The first end in the browser could reach the other tabs (the channel, or storage, worked). */
  private endHeard = false;
  /** Activity while a warning showed, not yet answered by the server: the warning stays until it is. */
  private activityToReport = Infinity;
  /** When the server's answer reached the browser after that activity: the warning must go within 100 ms. */
  private activityToHide = Infinity;
  private readonly restore: (() => void)[] = [];
  /** Activity in a tab whose countdown showed at least 300 ms (property 7), and what kept the browser from reporting it. */
  private readonly shown: Shown[] = [];
  /** The longest way a request of this run took to the server (page loads take 5 ms). */
  private reach = 5;
  /** The server's last end judged (by its clock). */
  private endJudged = 0;

  constructor(
    readonly setup: Setup,
    readonly property: Property,
  ) {
    // Without Web Locks a ping leaves after its claim (100 ms), and the points come that much earlier.
    this.timing = {
      warnAfter: setup.warnAfter * 1000,
      expireAfter: setup.expireAfter * 1000,
      claim: setup.features.locks ? 0 : 100,
    };
    this.world = new World(setup.features, this.timing.expireAfter, START);
    const random = seeded(setup.seed);
    const spies = [
      vi.spyOn(Date, 'now').mockImplementation(() => this.world.wall()),
      vi.spyOn(performance, 'now').mockImplementation(() => this.world.monotonic()),
      vi.spyOn(Math, 'random').mockImplementation(random),
    ];
    this.restore.push(() => spies.forEach((spy) => spy.mockRestore()));
    this.world.onAdvance = (to) => this.advancing(to);
    this.world.onTask = () => this.observe();
  }

  /**
   * Records a violation of the property under test; thrown once the task ends (a listener's
   * exception would only be reported by dispatchEvent), so fast-check shrinks the commands behind it.
   */
  fail(property: Property, message: string): void {
    if (property == this.property) this.violation ??= `${property}: ${message} (at ${this.world.t - START} ms)`;
  }

  private violation: string | undefined;

  check(): void {
    if (this.violation) throw new Violation(this.violation);
  }

  /** The tabs where our engine runs and the user can act: open, awake, not ended or destroyed. */
  awake(): TabRun[] {
    return this.tabs.filter((tab) => tab.session && !tab.sim.gone && !tab.sim.frozen && !tab.ended && !tab.destroyed);
  }

  /** The tabs hear each other: through the channel, or through storage events when storage works. */
  connected(): boolean {
    return this.world.features.channel || this.world.storage == 'ok';
  }

  /**
   * The session's last activity as the browser can know it: what it saw, and what an answered ping
   * told it. The browser cannot act on a request the server saw and no ping reported (the server
   * down since): properties 1 and 2 judge it by what it can know.
   */
  last(): number {
    return Math.max(this.lastActivity, this.learnt);
  }

  /**
   * As `last`, as every tab can know it by now (a message takes `lag` ms to reach the others),
   * with what the server told dated as early as its whole seconds allow.
   */
  lastEarliest(t = this.world.t): number {
    const heard = this.heard.filter(([at]) => at + this.world.features.lag < t).map(([, activity]) => activity);
    // What one tab learnt reaches the others as a message does.
    const told = this.told.filter(([at]) => at + this.world.features.lag < t).map(([, activity]) => activity);
    return Math.max(START, ...heard, ...told);
  }

  /** When an answer told the browser of the server's stamp, and that stamp less the ping's way there. */
  private readonly told: [number, number][] = [];

  /** When each activity became known to one tab, and when it happened. */
  private readonly heard: [number, number][] = [];

  private know(activity: number) {
    this.lastActivity = Math.max(this.lastActivity, activity);
    this.heard.push([this.world.t, activity]);
  }

  /** The session's true last activity: in this browser, or on the server from elsewhere. */
  truth(): number {
    return Math.max(this.lastActivity, this.lastLoad, this.lastElsewhere);
  }

  /** Opens a tab; its page constructs the engine `delay` ms after its navigation began (after a request of its own, `request`). */
  open(delay: number, request: boolean): TabRun | undefined {
    const world = this.world;
    const sim = world.open();
    if (sim.signedOut) return;
    this.lastLoad = world.t;
    const tab: TabRun = {
      sim,
      warning: false,
      destroyed: false,
      mustEndFirst: false,
      thawed: -Infinity,
      alive: Infinity,
      unseen: 0,
      back: 0,
      logoutAnswered: Infinity,
      told: 0,
      own: world.t,
      read: { value: 0, wall: 0, monotonic: 0 },
    };
    this.tabs.push(tab);
    // The browser's clock, each tab its own, over this world's Date.now and performance.now.
    const now = clock();
    sim.platform.now = () => {
      tab.back = 0;
      tab.read = { value: now(), wall: world.wall(), monotonic: world.monotonic() };
      return tab.read.value;
    };
    sim.platform.origin = sim.platform.now();
    world.schedule(
      world.t + delay,
      () => {
        if (request) {
          // A sign-in without reload: a request of the page's own, activity only the server saw.
          world.server.login(world.t);
          this.lastElsewhere = world.t;
        }
        this.start(tab);
      },
      sim,
    );
    return tab;
  }

  private start(tab: TabRun) {
    const { sim } = tab;
    tab.started = this.world.t;
    this.know(sim.navigated);
    this.known.activity = Math.max(this.known.activity, sim.navigated);
    this.known.server = Math.max(this.known.server, sim.navigated);
    tab.late = judge(this.world.t, this.record(), this.timing).state == 'expired';
    const log = (what: string, detail?: unknown) => {
      if (tab.destroyed) this.fail('nothing runs after destroy', `tab ${sim.id} ${what} after destroy()`);
      // Hiding the warning is part of ending: the cover comes in the same task, before any paint.
      const ending = what == 'expire' || what == 'hide';
      // The answer of a ping sent before the freeze is read first: it may show newer activity.
      // So is the count of a warning held for that ping's answer (at most the grace second).
      const flying = this.world.pings.some((ping) => ping.tab == sim.id && ping.settled === undefined);
      const answer = what == 'ping' || what == 'error' || (tab.late && what == 'fetch') || (flying && what == 'update');
      if (tab.mustEndFirst && this.world.t < tab.alive && !ending && !answer)
        this.fail('expires on time', `tab ${sim.id}, thawed after the end, did "${what}" before ending`);
      this.world.log(sim, what, detail);
    };
    this.watch(tab, log);
    observe = (event) => this.dispatched(tab, log, event);
    const session = new Observed(
      {
        pingUrl: '/ping',
        warnAfter: this.setup.warnAfter,
        expireAfter: this.setup.expireAfter,
        pingTimeout: this.setup.pingTimeout,
        returnToUrl: this.setup.returnToUrl,
        logoutUrl: '/logout/',
        view: {
          show: () => {
            log('show');
            tab.warning = true;
          },
          update: () => log('update'),
          hide: () => {
            log('hide');
            tab.warning = false;
          },
        },
      },
      sim.platform,
    );
    observers.set(session, observe);
    tab.session = session;
  }

  /** Every event of a tab's engine, those it dispatches while constructed too. */
  private dispatched(tab: TabRun, log: (what: string, detail?: unknown) => void, event: Event) {
    const { type } = event;
    const detail = (event as CustomEvent).detail as Record<string, never>;
    if (type == 'expire') {
      const { reason } = detail as unknown as { reason: ExpireReason };
      tab.mustEndFirst = false;
      log('expire', reason);
      if (!this.tabs.some((other) => other.ended)) this.endHeard = this.connected();
      tab.ended = { at: this.world.t, reason, heard: this.connected() };
      return this.ended(tab, reason);
    }
    log(type, detail);
    if (type != 'ping') return;
    const t = this.world.t;
    const answer = (detail as unknown as { answer: number | 'logout' }).answer;
    if (answer == 'logout') {
      tab.logoutAnswered = t;
      return void (this.logoutAnswered = Math.min(this.logoutAnswered, t));
    }
    const sent = this.sending.get(tab)!;
    // The countdown shows only time the server grants: activity dismisses the warning once answered,
    // unless that activity is warnAfter old by then, less the 1.1 s the server's whole seconds may
    // take from it (its report held back: the machine slept), and the warning due again.
    if (sent.at >= this.activityToReport && t < this.activityToReport + this.timing.warnAfter - 1100)
      this.activityToHide = Math.min(this.activityToHide, t);
    const { stampAfter = 0, arrived = 0 } = sent.ping;
    this.learnt = Math.max(this.learnt, stampAfter);
    tab.told = Math.max(tab.told, stampAfter - (arrived - sent.at));
    this.told.push([t, stampAfter - (arrived - sent.at)]);
    // The answer shows the session alive on the server (a sign-in this tab started after, which it
    // asked about): a tab thawed meanwhile has no end to hurry to, this one at once, the others
    // once the news reaches them, a message later (seed 35: thawed as the machine woke at the
    // deadline while a page signed in).
    if (t < this.last() + this.timing.expireAfter)
      for (const other of this.tabs)
        if (other == tab || this.connected())
          other.alive = Math.min(other.alive, other == tab ? t : t + this.world.features.lag);
    this.known.answered = t;
    // The server's stamp at the earliest the answer allows (see reconcile.ts).
    const stamp = sent.at - answer * 1000 - 1000;
    this.known.server = Math.max(this.known.server, stamp);
    this.known.activity = Math.max(this.known.activity, stamp);
  }

  /** Everything a destroyed tab might still do through its platform is a violation. */
  private watch(tab: TabRun, log: (what: string, detail?: unknown) => void) {
    const platform = tab.sim.platform;
    const { setTimeout, fetch, navigate } = platform;
    const storage = platform.storage!;
    const { setItem } = storage;
    // Once destroyed, a tab that held the Web Lock for a ping still lets it go 100 ms later, so
    // the next holder has that ping's news: the only timer it may set.
    platform.setTimeout = (fn, ms) => (
      tab.destroyed && !(ms == 100 && tab.sim.locksHeld.size) && log('setTimeout'),
      setTimeout(fn, ms)
    );
    platform.navigate = (url) => (tab.destroyed && log('navigate'), navigate(url));
    storage.setItem = (key, value) => {
      if (tab.destroyed) log('setItem');
      this.learn(value);
      setItem(key, value);
    };
    platform.fetch = (url, init) => {
      log('fetch', url);
      this.pinging(tab);
      const sent = fetch(url, init);
      this.sending.set(tab, { at: this.world.t, activity: this.record().activity, ping: this.world.pings.at(-1)! });
      return sent;
    };
  }

  /** Records the browser's knowledge from what tabs publish (their `expired` stamp, for now). */
  private learn(data: string) {
    try {
      const record = JSON.parse(data) as Shared;
      if (typeof record.expired == 'number') this.known.expired = Math.max(this.known.expired, record.expired);
    } catch {
      // A message of the storage transport: not a record.
    }
  }

  /** Property 4, as a ping leaves: no other ping of an awake tab in flight, and a reconciliation point due. */
  private pinging(tab: TabRun) {
    const world = this.world;
    if (!this.connected() || world.tabs.filter((t) => !t.gone).length < 1) return;
    const flying = world.pings.filter(
      (ping) => ping.settled === undefined && !world.tabs[ping.tab].gone && !world.tabs[ping.tab].frozen,
    );
    // Web Locks serialize the pings of a browser; claims only single out one tab per point.
    if (flying.length && world.features.locks)
      this.fail('one ping per point', `tab ${tab.sim.id} pings while tab ${flying[0].tab}'s ping is in flight`);
    const record = this.record();
    // A tab that starts late asks once; after the end, a tab that has not heard yet may ask and
    // learn "logout" (a tab that ends lets go of the Web Lock at once, see tabs.ts).
    const over = this.tabs.some((other) => other.ended);
    // Past the deadline, activity the server lacks is reported before the session ends there.
    const unreported = record.activity - record.server > 1100 && judge(world.t, record, this.timing).state == 'expired';
    // A report replacing this tab's ping in flight, abandoned in the warning (reconcile.ts, `hurry`):
    // settled unanswered a claim ago at most, without an error, its idle seconds dated activity
    // before the warning began and before the latest (what the tab knew, rounded up).
    const previous = this.sending.get(tab)?.ping;
    const reported = previous ? previous.sent - Number(previous.idleFor) * 1000 : Infinity;
    const replaces =
      !!previous?.failed &&
      world.t - previous.settled! <= (world.features.locks ? 0 : 100 + world.features.lag) &&
      !world.trace.some((entry) => entry.tab == tab.sim.id && entry.what == 'error' && entry.at >= previous.settled!) &&
      reported < Math.min(record.activity, record.server + this.timing.warnAfter) &&
      judge(world.t, record, this.timing).state == 'warning';
    // Without storage (disabled, full), a tab that started after the last ping cannot learn of
    // it: the channel carries only news sent after a tab subscribed.
    const unheard = world.storage != 'ok' && tab.started! > this.known.pinged;
    // The last ping's tab went away (closed, destroyed) before its answer reached the others: it
    // did not tell it, or closed less than a write's way to them after (a closed tab lets go of
    // the Web Lock at once).
    const last = world.pings.at(-1);
    const lost =
      !!last &&
      (this.known.answered < last.sent || world.t - last.settled! <= world.features.lag) &&
      this.tabs.some((other) => other.sim.id == last.tab && (other.destroyed || other.sim.gone));
    const asks = (tab.late && !this.sending.has(tab)) || over || unreported || replaces || unheard || lost;
    // Tabs opened after the wall clock stepped back run that much behind the older ones.
    // Storage keeps the last record written: a tab that wrote without news still on its way to it
    // erases that news for the tabs that read it (no BroadcastChannel, or a tab subscribed after it).
    const stored = this.stored();
    const records = [record, { ...record, activity: Math.min(record.activity, stored ?? Infinity) }];
    const due = (at: number) => records.some((known) => judge(at, known, this.timing).ping);
    if (!asks && ![-this.steppedBack, 0, this.steppedBack].some((skew) => due(world.t + skew)))
      this.fail(
        'one ping per point',
        `tab ${tab.sim.id} pings with no reconciliation point due (last ping ${world.t - this.known.pinged} ms ago, activity ${world.t - record.activity} ms ago)`,
      );
    this.known.pinged = world.t;
  }

  /** A tab that started after the end (as far as the browser knew) and whose ask failed. */
  private couldNotAsk(tab: TabRun | undefined): boolean {
    const asked = this.world.pings.find((ping) => ping.tab == tab?.sim.id);
    return !!tab?.late && asked?.failed !== false;
  }

  /** The activity of the record in storage. */
  private stored(): number | undefined {
    try {
      return (JSON.parse(this.world.store.get('session-security:/ping') ?? '') as Shared).activity;
    } catch {
      return undefined;
    }
  }

  /** The browser's record as the idle model would keep it, in true time. */
  private record(): Shared {
    return { ...this.known, activity: Math.max(this.known.activity, this.lastInput) };
  }

  /** The last input of the user in a tab (a page load is known to the browser when its engine starts). */
  private lastInput = 0;

  /** Property 2, as a tab ends. */
  private ended(tab: TabRun, reason: ExpireReason) {
    const t = this.world.t;
    const server = this.world.server;
    // A report of the last activity that failed (whether the server merged it or not) leaves the
    // browser with the server's older stamp as the last it can prove: it ends by that one.
    const unreported = this.world.pings.some((ping) => ping.sent >= this.lastActivity && ping.failed);
    const serverEnded = server.endedAt <= t || server.over(t) || unreported;
    if (reason == 'logout' || reason == 'server' || serverEnded || this.loggedOut) return;
    const earlier = this.tabs.some((other) => other !== tab && other.ended && other.ended.at <= t);
    if (reason == 'tab' && earlier) return;
    // A tab that started after the end (as far as the browser knew) and could not ask the server
    // ends as it inferred: a fault never keeps a session alive.
    if (this.couldNotAsk(tab)) return;
    // Tabs that cannot hear each other know only their own activity, and what the server told them.
    const known = this.connected() ? this.lastEarliest() : Math.max(tab.own, tab.told);
    const idle = t - known;
    if (idle < this.timing.expireAfter - 1100)
      this.fail(
        'never ends early',
        `tab ${tab.sim.id} ended (${reason}) ${idle} ms after the user's last activity, the server's session alive`,
      );
  }

  /**
   * What a tab's engine judges at `at` (true time): its own record, on its own clock as the tab
   * would read it then, read here without reading it (the clock keeps state, see platform.ts).
   */
  private verdict(tab: TabRun, at = this.world.t) {
    const { value, wall, monotonic } = tab.read;
    const ahead = at - this.world.t;
    const now = value + Math.max(this.world.wall() + ahead - wall, this.world.monotonic() + ahead - monotonic);
    return judge(now, records.get(tab.sim.platform)!, this.timing);
  }

  /** Property 7, at `at`: no awake tab counts down past the server's end (plus a request's way there). */
  private granted(at: number) {
    const server = this.world.server;
    // A logout ends the session on the server at once: the browser learns of it from its next ping (property 1).
    if (server.loggedOut) return;
    for (const tab of this.awake()) {
      const { remaining } = this.verdict(tab, at);
      const late = at + remaining - server.deadline();
      if (remaining && late > 100 + this.reach)
        this.fail(
          'the countdown shows only time the server grants',
          `tab ${tab.sim.id} counts down to ${late} ms after the server's end`,
        );
    }
  }

  /**
   * Property 7, once the server's session has ended by its clock (at `at` or before): it kept
   * every activity shown time, to its whole seconds (its end no earlier than that activity plus
   * `expireAfter` - 1.1 s), so no ping after it was answered "logout" while it showed time.
   */
  private kept(at: number) {
    const server = this.world.server;
    const end = server.deadline();
    if (server.loggedOut || end > at || end == this.endJudged) return;
    this.endJudged = end;
    const { pings } = this.world;
    // What the browser could not overcome, each up to 2 s before the end: a report is merged only
    // in part of each second (whole seconds), the next chance a second and a claim later.
    // 1. Its last report failed: not answered before the end (offline, reset, 5xx, timed out, hung, slow).
    const failed = (activity: Shown) => {
      const last = pings.filter((ping) => ping.sent >= activity.at && ping.sent < end).at(-1);
      return !!last && !(last.failed === false && last.settled! <= end);
    };
    // 2. No tab could report it for a while (see `regained`).
    const excused = (activity: Shown) => activity.regained! > end - 2000 || failed(activity);
    const lost = this.shown.find(
      (activity) => activity.at < end && end < activity.at + this.timing.expireAfter - 1100 && !excused(activity),
    );
    if (lost) {
      const logout = this.world.pings.find((ping) => ping.answer == 'logout' && ping.arrived! < end + 1100);
      this.fail(
        'the countdown shows only time the server grants',
        `the server's session ended ${lost.at + this.timing.expireAfter - end} ms before activity in tab ${lost.tab.sim.id} at ${lost.at - START} ms, with ${lost.shown} ms shown, plus expireAfter${logout ? `; ping ${this.world.pings.indexOf(logout)} answered "logout"` : ''}`,
      );
    }
  }

  /** The server's stamp keeps `activity`, to its whole seconds and a report's edge. */
  private keeps(activity: Shown): boolean {
    const { stamp } = this.world.server;
    return stamp !== undefined && stamp >= activity.at - 1100;
  }

  /** Property 7: whether the browser has a tab that can report each activity. */
  private strand() {
    const awake = this.awake();
    for (const activity of this.shown) {
      const reporters = this.connected() ? awake : awake.filter((tab) => tab === activity.tab);
      if (reporters.length) {
        if (activity.regained == Infinity) activity.regained = this.world.t;
      } else if (!this.keeps(activity)) activity.regained = Infinity;
    }
  }

  /** Properties 1, 5 and 7 over the time from now to `to`, during which nothing happens. */
  private advancing(to: number) {
    if (this.world.sleeping) return this.slept(to);
    this.strand();
    this.granted(to);
    this.kept(to);
    const awake = this.awake();
    // "logout" answered in one tab reaches the others, unless they cannot hear each other.
    // (A tab started after it asks the server itself, at its next reconciliation point.)
    const loggedOut = (tab: TabRun) =>
      this.connected() && tab.started! < this.logoutAnswered ? this.logoutAnswered : tab.logoutAnswered;
    const deadline = (tab: TabRun) => Math.min(this.last() + this.timing.expireAfter, loggedOut(tab)) + 1000;
    // A tab that starts after the end asks the server once first: its ping may take the grace
    // second past the deadline, after its claim (100 ms, once it heard the others for 200 ms).
    const late = (tab: TabRun) =>
      tab.late ? Math.max(tab.started!, this.woke, tab.thawed) + 1000 + 300 + 2 * this.world.features.lag + 1000 : 0;
    // A tab held back (frozen, asleep) covers the page as it wakes, and ends once the news queued
    // behind that task has run (a millisecond): it may have missed the user's activity elsewhere.
    const held = (tab: TabRun) => Math.max(this.woke, tab.thawed) + 1;
    for (const tab of awake)
      if (to > Math.max(deadline(tab) + tab.unseen, late(tab), held(tab)))
        this.fail(
          'expires on time',
          `tab ${tab.sim.id} still shows the page at ${to - START} ms, last activity at ${this.last() - START} ms`,
        );
    if (to > this.disagree + 100) this.fail('tabs agree', `awake tabs disagree since ${this.disagree - START} ms`);
    if (to > this.activityToHide + 100)
      this.fail(
        'tabs agree',
        `a warning still shown 100 ms after the answer to the activity, at ${this.activityToHide - START} ms`,
      );
    this.check();
  }

  /** Property 3: each ping as the server merges it, each page left as the server receives it. */
  private checkServer() {
    const { pings, leaves } = this.world;
    for (; this.merged < pings.length; this.merged++) {
      const ping = pings[this.merged];
      if (ping.arrived === undefined) {
        if (ping.settled === undefined && !this.world.tabs[ping.tab].gone) break;
        continue;
      }
      const { stampBefore, stampAfter, arrived, sent } = ping;
      if (stampBefore !== undefined && stampAfter! > stampBefore && stampAfter! > this.truth() + (arrived - sent))
        this.fail(
          'never extends the server',
          `ping ${this.merged} (idleFor=${ping.idleFor}) moved the server's stamp to ${stampAfter! - this.truth()} ms after the last activity`,
        );
    }
    // A page left while the session is alive on the server revives it, unless the server saw
    // activity the browser could not learn of (a request no answered ping reported).
    // (Nor when the tabs could not hear each other as it ended: a tab cannot know of another's
    // page load, or of activity the server has from another tab's report.)
    // (Nor by a tab that started after the end and could not ask the server.)
    for (const leave of leaves) {
      const tab = this.tabs.find((t) => t.sim.id == leave.tab);
      // A stamp only another device or request made is known once a ping's answer tells it: the
      // browser ends at the server's end as far as it can know, and cannot know of that one.
      const untold = leave.stamp! == this.lastElsewhere && this.learnt < leave.stamp;
      const knowable = leave.stamp! <= this.lastEarliest(tab?.ended?.at) + 50 && !untold;
      if (leave.revived && knowable && (tab?.ended?.heard ?? this.connected()) && !this.couldNotAsk(tab))
        this.fail(
          'never extends the server',
          `tab ${leave.tab} left for "${leave.url}" while the server's session was alive`,
        );
    }
  }

  private merged = 0;

  /** While the machine sleeps nobody sees a page: the 100 ms to agree start again on waking. */
  private slept(to: number) {
    if (this.disagree < to) this.disagree = to;
    if (this.activityToHide < to) this.activityToHide = to;
  }

  /** Checks the properties of this moment: after every task, and after every command. */
  observe() {
    this.checkServer();
    this.strand();
    this.granted(this.world.t);
    this.kept(this.world.t);
    const t = this.world.t;
    const awake = this.connected() ? this.awake() : [];
    const shown = (tab: TabRun) => (tab.warning ? 'warning' : 'active');
    const agree = awake.every((tab) => shown(tab) == shown(awake[0]));
    // Tabs that could not hear each other disagree until their next news, however late.
    if (!this.connected()) this.deaf = true;
    else if (agree) this.deaf = false;
    // Tabs that ended leave; the others that were there to hear it must follow within the same
    // 100 ms (a tab started later can only learn it from the server: property 1).
    const first = Math.min(...this.tabs.map((tab) => tab.ended?.at ?? Infinity));
    const someEnded = this.endHeard && awake.some((tab) => tab.started! < first);
    if ((agree && !someEnded) || this.deaf) this.disagree = Infinity;
    else this.disagree = Math.min(this.disagree, t);
    if (!awake.some((tab) => tab.warning)) this.activityToHide = this.activityToReport = Infinity;
    this.check();
  }

  // Commands: what the user, the browser, the network and the server do.

  activity(index: number) {
    const awake = this.awake();
    if (!awake.length) return;
    const tab = awake[index % awake.length];
    const { remaining } = this.verdict(tab);
    // A tab whose countdown has reached zero has covered its page: input there is no activity
    // (it is awaiting an answer, or the news queued while it was held back, before it ends).
    if (!remaining) return void tab.session!.activity();
    if (remaining >= 300) this.shown.push({ at: this.world.t, tab, shown: remaining });
    this.know((this.lastInput = tab.own = this.world.t));
    if (this.connected() && awake.some((other) => other.warning))
      this.activityToReport = Math.min(this.activityToReport, this.world.t);
    tab.session!.activity();
  }

  logout(index: number) {
    const awake = this.awake();
    if (!awake.length) return;
    this.loggedOut = true;
    awake[index % awake.length].session!.logout();
  }

  private pick(index: number, where: (tab: TabRun) => boolean): TabRun | undefined {
    const tabs = this.tabs.filter((tab) => !tab.sim.gone && where(tab));
    return tabs[index % tabs.length];
  }

  close(index: number) {
    const tab = this.pick(index, () => true);
    if (tab) this.world.close(tab.sim);
  }

  /** destroy() of a running session: after the end it changes nothing, the covered page still leaves. */
  destroy(index: number) {
    const tab = this.pick(index, (t) => !!t.session && !t.destroyed && !t.ended);
    if (!tab) return;
    tab.session!.destroy();
    tab.destroyed = true;
  }

  freeze(index: number) {
    // Chrome does not freeze a page that holds a Web Lock (https://developer.chrome.com/docs/web-platform/page-lifecycle-api#opting-in-and-out-of-freezing).
    const tab = this.pick(index, (t) => !t.sim.frozen && !t.sim.locksHeld.size);
    if (tab) this.world.freeze(tab.sim);
  }

  thaw(index: number) {
    const tab = this.pick(index, (t) => t.sim.frozen);
    if (!tab) return;
    const t = this.world.t;
    // The session is over by its deadline, or by a "logout" answer held back from this tab (not
    // still on its way). (Another tab's end may be lost to this one: see "tabs agree".)
    const news = (at: number) => this.connected() && at + this.world.features.lag < t;
    const answered = news(this.logoutAnswered) ? this.logoutAnswered : tab.logoutAnswered;
    const over = t >= Math.min(this.last() + this.timing.expireAfter, answered);
    tab.mustEndFirst = !!tab.session && !tab.ended && !tab.destroyed && over;
    tab.thawed = t;
    tab.alive = Infinity;
    this.world.thaw(tab.sim);
  }

  storage(mode: 'ok' | 'quota' | 'disabled') {
    this.world.storage = mode;
  }

  network(network: Network) {
    this.world.network = network;
    this.reach = Math.max(this.reach, network.up);
  }

  serverLogout() {
    this.world.server.logout(this.world.t);
  }

  /** Another device, or a page of this session without our script, makes a request. */
  serverActivity() {
    if (this.world.server.request(this.world.t)) this.lastElsewhere = this.world.t;
  }

  /** How far the wall clock moved back in all. */
  steppedBack = 0;

  clockBack(ms: number) {
    this.world.wallOffset -= ms;
    this.steppedBack += ms;
    for (const tab of this.tabs) tab.back += ms;
  }

  /** When the machine last woke. */
  private woke = 0;

  async sleep(ms: number, monotonicStops: boolean) {
    // A tab that has not read its clock since the wall clock moved back cannot see that much of
    // a sleep that stopped the monotonic clock: no clock of the machine shows it.
    if (monotonicStops)
      for (const tab of this.tabs) {
        const unseen = Math.min(ms, tab.back);
        tab.unseen += unseen;
        tab.back -= unseen;
      }
    // Nothing of the browser runs while it sleeps.
    const lacking = this.shown.filter((activity) => !this.keeps(activity));
    this.world.sleep(ms, monotonicStops);
    this.woke = this.world.t;
    for (const activity of lacking) activity.regained = Math.max(activity.regained ?? 0, this.woke);
    await this.world.run(this.world.t);
  }

  async wait(ms: number) {
    await this.world.run(this.world.t + ms);
  }

  /** Ends the run: nothing of it may reach the next one. */
  dispose() {
    for (const tab of this.tabs) if (tab.session && !tab.destroyed) tab.session.destroy();
    this.restore.forEach((restore) => restore());
    document.body.replaceChildren();
  }
}
