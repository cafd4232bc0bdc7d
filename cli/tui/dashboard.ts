// The live view in a terminal: `mpm-lab run` (one lab), or `mpm-lab lesson N` (a lesson pane
// beside or above the lab the lesson's step runs). It reads the scoreboard and /proc (never a
// copy of its own), hears the labs' events, and sends the keys' actions through the lab
// operations; in a lesson, the lesson's keys go to the lesson session. Refreshes at most 4
// times a second and draws only what changed.
import type { ResolvedConfig } from '../../labs/config/types.ts';
import type { LabEvent, Mpm, StartedLab } from '../../labs/mpm.ts';
import type { LessonSession } from '../lesson/session.ts';
import { Frame, REFRESH_MS } from './frame.ts';
import { labHeader } from './header-model.ts';
import { LESSON_BAR, LESSON_KEYS, RUN_KEYS } from './keys.ts';
import type { Action, LessonAction } from './keys.ts';
import { snapshotSignature } from './lab-reader.ts';
import { dashboardPanes } from './dashboard-panes.ts';
import { LessonDriver } from './lesson-driver.ts';
import { LessonPane } from './lesson-pane.ts';
import { LogBuffer, clock, logItem } from './log-model.ts';
import type { LogItem } from './log-model.ts';
import { LogPane } from './log-pane.ts';
import { scoreboardFromSnapshot } from './scoreboard-model.ts';
import type { ScoreboardModel } from './scoreboard-model.ts';
import { ScoreboardPane } from './scoreboard-pane.ts';
import { ShownLab } from './shown-lab.ts';
import { STRINGS as S } from './strings.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { TrafficPane } from './traffic-pane.ts';
import { TreePane } from './tree-pane.ts';
import { lastSeenFromPs, rowsFromPs } from './tree-model.ts';
import type { TreeRow } from './tree-model.ts';

interface Common {
  /** q or Ctrl-C: the terminal is restored already. run: stop the lab. lesson: the session has closed (its labs stopped). */
  onQuit(): void;
}

export interface RunDashboardOptions extends Common {
  mpm: Mpm;
  started: StartedLab;
  /** Events from before the dashboard opened (the start's log lines), oldest first. */
  backlog?: readonly LabEvent[];
  /** The config read anew, for the graceful restart key (throws when it does not read). */
  reread?: () => ResolvedConfig | undefined;
  lesson?: undefined;
}

export interface LessonDashboardOptions extends Common {
  /**
   * A lesson session, not started yet: the dashboard listens to it, then starts it. It draws
   * the lab the current step names first (session.labs()), the lesson pane from the session's
   * events, and sends the lesson's keys to it. Quitting closes the session (progress is kept).
   */
  lesson: LessonSession;
}

export type DashboardOptions = RunDashboardOptions | LessonDashboardOptions;

export interface Dashboard {
  /** Restores the terminal and stops refreshing; later log lines go to stderr. Idempotent. */
  close(): void;
}

const LOG_AFTER_CLOSE = 8; // log lines printed on the normal screen when the UI closes

/** A log line on the normal screen, after the UI: short, so that it reads in 80 columns. */
const plainLine = (item: LogItem) => `[${clock(item.time)}] [${item.level}] ${item.text}\n`;

const EMPTY_BOARD: ScoreboardModel = { cells: '', busy: 0, idle: 0, graceful: null, async: null };

export function startDashboard(options: DashboardOptions): Dashboard {
  const session = options.lesson ?? null;
  let dirty = true;
  let closed = false;
  const changed = () => (dirty = true);

  // ---- the labs shown ----
  const labs = new Map<string, ShownLab>(); // by the lesson's name for them ('lab' in `run`)
  const logs = new Map<string, LogBuffer>(); // a lesson lab's log starts before the lab is up
  const logOf = (name: string) => logs.get(name) ?? logs.set(name, new LogBuffer()).get(name)!;
  let shown: ShownLab | null = null;
  let lastLog: LogBuffer = new LogBuffer();
  const idleRecorder = new TrafficRecorder(); // drawn when no lab runs (a step without one)

  const onLabEvent = (name: string, e: LabEvent) => {
    if (closed) {
      if (!session && e.type === 'log') process.stderr.write(plainLine(logItem(e.entry)));
      return;
    }
    const lab = labs.get(name);
    if (lab) lab.onEvent(e);
    else if (e.type === 'log') logOf(name).pushEntry(e.entry);
    dirty = true;
  };

  // ---- the lesson, or the one lab of `run` ----
  let unsubscribe: () => void = () => {};
  const driver = session
    ? new LessonDriver(session, {
        changed,
        labEvent: onLabEvent,
        labsChanged: follow,
        labStopped: (name) => logs.delete(name),
        page: (direction) => lessonPane?.page(direction),
      })
    : null;
  if (!driver) {
    const o = options as RunDashboardOptions;
    const lab = new ShownLab('lab', o.mpm, o.started, logOf('lab'), changed, o.reread);
    labs.set('lab', lab);
    shown = lab;
    for (const e of o.backlog ?? []) onLabEvent('lab', e);
    unsubscribe = o.mpm.onEvent((e) => onLabEvent('lab', e));
  }

  /** A lesson's labs as the session runs them now; the step's first is shown. */
  function follow(): void {
    if (!session || !driver) return;
    const running = session.labs();
    for (const h of running) if (!labs.has(h.name)) labs.set(h.name, new ShownLab(h.name, h.mpm, h.started, logOf(h.name), changed));
    for (const [name, lab] of labs) {
      if (running.some((h) => h.name === name)) continue;
      lab.close();
      labs.delete(name);
    }
    const wanted = driver.wantedLab();
    shown = (wanted !== undefined ? labs.get(wanted) : undefined) ?? labs.values().next().value ?? null;
    if (shown) logPane.setTitle(S.logTitleRun(shown.started.pid));
    dirty = true;
  }

  const model = session ? null : (options as RunDashboardOptions).mpm.name;
  const frame = new Frame({
    title: session ? S.windowLesson(session.number) : S.windowRun(model!),
    keys: session ? LESSON_KEYS : RUN_KEYS,
    ...(session ? { bar: LESSON_BAR } : {}),
    helpIntro: session ? S.helpIntroLesson : S.helpIntroRun(model!, (options as RunDashboardOptions).started.url),
    onAction: (action: Action) => {
      if (action === 'quit') return quit();
      if (action === 'up') tree.scroll(-1);
      else if (action === 'down') tree.scroll(1);
      else if (action.startsWith('lesson-')) driver?.key(action as LessonAction);
      else if (action !== 'pause' && action !== 'help' && action !== 'redraw') shown?.actions.run(action);
      dirty = true;
      tick();
    },
    intercept: (ch, key) => {
      if (!driver?.type(ch, key)) return false;
      setImmediate(tick);
      return true;
    },
  });
  const { screen, mode } = frame.term;
  const lessonPane = session ? new LessonPane(screen, mode) : null;
  const tree = new TreePane(screen, mode);
  const scoreboard = new ScoreboardPane(screen, mode);
  const traffic = new TrafficPane(screen, mode);
  const logPane = new LogPane(screen, mode, shown ? S.logTitleRun((shown as ShownLab).started.pid) : '');
  let lastSecond = -1;
  let lessonVersion = -1;
  let inputShown = '';

  function tick(): void {
    if (closed) return;
    const now = Date.now();
    const lab = shown;
    lab?.actions.refreshHeld();
    if (frame.paused) {
      frame.finish('', '', false);
      return;
    }
    const reading = lab?.reader.read(now) ?? null;
    if (lab && !reading && !session) {
      frame.finish(S.headerStopped(lab.mpm.name, lab.started.url), lab.state, true);
      return;
    }
    if (lab) {
      // The sparkline moves on each second while it shows something; marks expire.
      const second = Math.floor(now / 1000);
      if (second !== lastSecond && now - lab.recorder.lastActivity < lab.recorder.keepMs) dirty = true;
      if (lab.recorder.version !== lab.trafficVersion || lab.log.version !== lab.logVersion) dirty = true;
      const expiry = lab.marks.nextExpiry();
      if (expiry !== null && expiry <= now) dirty = true;
      lastSecond = second;
    }
    if (driver && (driver.transcript.version !== lessonVersion || driver.input !== inputShown)) dirty = true;
    // An idle lab looks the same until /proc is read again (once a second): skip the work.
    const signature = reading ? snapshotSignature(reading.snapshot) : { key: '', busy: false };
    if (!dirty && !reading?.fresh && !signature.busy && lab && signature.key === lab.lastSignature) return;
    if (lab) lab.lastSignature = signature.key;

    let rows: TreeRow[] = [];
    let board = EMPTY_BOARD;
    let processes = 0;
    let threads = 0;
    if (lab && reading) {
      const doc = reading.doc();
      lab.marks.observe(lastSeenFromPs(doc), now);
      rows = rowsFromPs(doc, lab.marks, reading.snapshot);
      board = scoreboardFromSnapshot(reading.snapshot);
      processes = doc.processes.length;
      threads = doc.processes.reduce((n, p) => n + p.threads.length, 0);
    }
    const recorder = lab?.recorder ?? idleRecorder;
    const keys = session ? S.trafficKeysLesson : S.trafficKeysRun;
    const trafficState = lab ? { ...lab.actions.state, concurrency: lab.actions.concurrency, keys } : { concurrency: 0, held: 0, action: null, keys };
    const log = lab?.log ?? lastLog;
    lastLog = log;
    const panes = dashboardPanes({ rows, board, recorder, traffic: trafficState, lesson: driver?.transcript ?? null });
    frame.arrange(panes, (r) => {
      tree.place(r['tree']!);
      scoreboard.place(r['scoreboard']!);
      traffic.place(r['traffic']!);
      logPane.place(r['log']!);
      if (lessonPane) lessonPane.place(r['lesson']!);
    });
    let drew = tree.draw(rows);
    drew = scoreboard.draw(board) || drew;
    drew = traffic.draw(recorder, trafficState) || drew;
    drew = logPane.draw(log) || drew;
    if (lessonPane && driver) drew = lessonPane.draw(driver.transcript, { text: driver.input, active: driver.inputActive }) || drew;
    if (lab) {
      lab.trafficVersion = lab.recorder.version;
      lab.logVersion = lab.log.version;
    }
    lessonVersion = driver?.transcript.version ?? -1;
    inputShown = driver?.input ?? '';
    dirty = false;
    const { cols } = frame.size();
    const state = lab?.state ?? '';
    const left =
      lab && reading
        ? labHeader({ model: lab.mpm.name, url: lab.started.url, pid: lab.started.pid, generation: reading.snapshot.generation, processes, threads }, cols - state.length - 2)
        : S.lessonPaneTitle(driver?.transcript.number ?? 0, driver?.transcript.title ?? '');
    frame.finish(left, state, drew);
  }

  const timer = setInterval(tick, REFRESH_MS);
  frame.whenResized(() => {
    dirty = true;
    tick();
  });
  const repaintSoon = () => frame.repaintSoon();
  process.on('SIGUSR1', repaintSoon);
  tick();
  driver?.start();

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    process.off('SIGUSR1', repaintSoon);
    for (const lab of labs.values()) lab.close();
    frame.close();
    const tail = shown?.log ?? lastLog;
    for (const item of tail.items.slice(-LOG_AFTER_CLOSE)) process.stderr.write(plainLine(item));
    // Log lines still come while the lab stops (written to stderr); then none.
    if (!session) void (options as RunDashboardOptions).mpm.stopped.then(unsubscribe);
  }

  function quit(): void {
    const lab = shown;
    close();
    if (driver) {
      process.stderr.write(S.lessonQuit(driver.session.number));
      void driver.close().finally(() => options.onQuit());
      return;
    }
    if (lab) process.stderr.write(S.stopping(lab.mpm.name, lab.started.pid));
    options.onQuit();
  }

  return { close };
}
