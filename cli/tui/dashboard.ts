// `mpm-lab run` in a terminal: the live dashboard. It reads the scoreboard and /proc (never a
// copy of its own), hears the parent's events, and sends the keys' actions through the lab
// operations. Refreshes at most 4 times a second and draws only what changed.
import { describeSignal } from '../../labs/log/signal-names.ts';
import type { ResolvedConfig } from '../../labs/config/types.ts';
import type { LabEvent, Mpm, StartedLab } from '../../labs/mpm.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { Frame, REFRESH_MS } from './frame.ts';
import { paneWidths } from './layout.ts';
import { labHeader } from './header-model.ts';
import { RUN_KEYS } from './keys.ts';
import type { Action } from './keys.ts';
import { LabActions } from './lab-actions.ts';
import { LabReader, snapshotSignature } from './lab-reader.ts';
import { LogBuffer, clock, logItem } from './log-model.ts';
import type { LogItem } from './log-model.ts';
import { LogPane } from './log-pane.ts';
import { MarkTracker } from './marks.ts';
import { scoreboardFromSnapshot } from './scoreboard-model.ts';
import { ScoreboardPane } from './scoreboard-pane.ts';
import { TrafficPane } from './traffic-pane.ts';
import { TreePane } from './tree-pane.ts';
import { lastSeenFromPs, rowsFromPs } from './tree-model.ts';

export interface DashboardOptions {
  mpm: Mpm;
  started: StartedLab;
  /** Events from before the dashboard opened (the start's log lines), oldest first. */
  backlog?: readonly LabEvent[];
  /** The config read anew, for the graceful restart key (throws when it does not read). */
  reread?: () => ResolvedConfig | undefined;
  /** q or Ctrl-C: the terminal is restored already; stop the lab. */
  onQuit(): void;
}

export interface Dashboard {
  /** Restores the terminal and stops refreshing; later log lines go to stderr. Idempotent. */
  close(): void;
}

const LOG_AFTER_CLOSE = 8; // log lines printed on the normal screen when the UI closes

/** A log line on the normal screen, after the UI: short, so that it reads in 80 columns. */
const plainLine = (item: LogItem) => `[${clock(item.time)}] [${item.level}] ${item.text}\n`;

export function startDashboard(options: DashboardOptions): Dashboard {
  const { mpm, started } = options;
  const log = new LogBuffer();
  const marks = new MarkTracker(undefined, true);
  const recorder = new TrafficRecorder();
  const reader = new LabReader(mpm, started);
  let dirty = true;
  let closed = false;
  let state = mpm.query().state;

  const onEvent = (e: LabEvent) => {
    if (closed) {
      if (e.type === 'log') process.stderr.write(plainLine(logItem(e.entry)));
      return;
    }
    if (e.type === 'log') log.pushEntry(e.entry);
    else if (e.type === 'exit') {
      const why = e.signal ? describeSignal(e.signal) : `code ${e.code ?? 0}`;
      marks.exited(e.pid, e.crashed, why, Date.now());
      reader.invalidate();
    } else if (e.type === 'spawn') {
      reader.invalidate();
    } else if (e.type === 'state') state = e.state;
    dirty = true;
  };
  for (const e of options.backlog ?? []) onEvent(e);
  const unsubscribe = mpm.onEvent(onEvent);

  const actions = new LabActions({ mpm, lab: started, recorder, ...(options.reread ? { reread: options.reread } : {}), changed: () => (dirty = true) });
  const frame = new Frame({
    title: `mpm-lab ${mpm.name}`,
    keys: RUN_KEYS,
    helpIntro:
      `mpm-lab runs httpd's ${mpm.name} MPM live on ${started.url}: real processes, real threads. ` +
      "The tree is /proc (as ps -eLf shows it) joined with the scoreboard; the grid is mod_status' scoreboard; " +
      "the log is the parent's error_log. The keys send real requests, bounded in number and time.",
    onAction: (action: Action) => {
      if (action === 'quit') return quit();
      if (action === 'up') tree.scroll(-1);
      else if (action === 'down') tree.scroll(1);
      else if (action !== 'pause' && action !== 'help') actions.run(action);
      dirty = true;
      tick();
    },
  });
  const { screen, mode } = frame.term;
  const tree = new TreePane(screen, mode);
  const scoreboard = new ScoreboardPane(screen, mode);
  const traffic = new TrafficPane(screen, mode);
  const logPane = new LogPane(screen, mode, `Log: the parent's error_log (pid ${started.pid})`);

  let trafficVersion = -1;
  let logVersion = -1;
  let lastSecond = -1;
  let lastSignature = '';

  function tick(): void {
    if (closed) return;
    const now = Date.now();
    actions.refreshHeld();
    if (frame.paused) {
      frame.finish('', '', false);
      return;
    }
    const reading = reader.read(now);
    if (!reading) {
      frame.finish(`mpm-lab ${mpm.name}  ${started.url}`, state, true);
      return;
    }
    // The sparkline moves on each second while it shows something; marks expire.
    const second = Math.floor(now / 1000);
    if (second !== lastSecond && now - recorder.lastActivity < recorder.keepMs) dirty = true;
    if (recorder.version !== trafficVersion || log.version !== logVersion) dirty = true;
    const expiry = marks.nextExpiry();
    if (expiry !== null && expiry <= now) dirty = true;
    lastSecond = second;
    // An idle lab looks the same until /proc is read again (once a second): skip the work.
    const signature = snapshotSignature(reading.snapshot);
    if (!dirty && !reading.fresh && !signature.busy && signature.key === lastSignature) return;
    lastSignature = signature.key;

    const doc = reading.doc();
    marks.observe(lastSeenFromPs(doc), now);
    const rows = rowsFromPs(doc, marks, reading.snapshot);
    const model = scoreboardFromSnapshot(reading.snapshot);
    const { cols } = frame.size();
    const widths = paneWidths(cols);
    frame.arrange(tree.need(rows, widths.tree), [scoreboard.need(model, widths.side), traffic.need(), logPane.need()], (r) => {
      tree.place(r['tree']!);
      scoreboard.place(r['scoreboard']!);
      traffic.place(r['traffic']!);
      logPane.place(r['log']!);
    });
    let changed = tree.draw(rows);
    changed = scoreboard.draw(model) || changed;
    changed = traffic.draw(recorder, { ...actions.state, concurrency: actions.concurrency }) || changed;
    changed = logPane.draw(log) || changed;
    trafficVersion = recorder.version;
    logVersion = log.version;
    dirty = false;
    const threads = doc.processes.reduce((n, p) => n + p.threads.length, 0);
    const left = labHeader({ model: mpm.name, url: started.url, pid: started.pid, generation: reading.snapshot.generation, processes: doc.processes.length, threads }, cols - state.length - 2);
    frame.finish(left, state, changed);
  }

  const timer = setInterval(tick, REFRESH_MS);
  frame.whenResized(() => {
    dirty = true;
    tick();
  });
  tick();

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    actions.close();
    frame.close();
    for (const item of log.items.slice(-LOG_AFTER_CLOSE)) process.stderr.write(plainLine(item));
    // Log lines still come while the lab stops (onEvent writes them to stderr); then none.
    void mpm.stopped.then(unsubscribe);
  }

  function quit(): void {
    close();
    process.stderr.write(`mpm-lab: stopping the ${mpm.name} lab (parent pid ${started.pid})...\n`);
    options.onQuit();
  }

  return { close };
}
