// `mpm-lab run` in a terminal: the live dashboard. It reads the scoreboard and /proc (never a
// copy of its own), hears the parent's events, and sends the keys' actions through the lab
// operations. Refreshes at most 4 times a second and draws only what changed.
import { formatLogEntry } from '../../labs/log/error-log.ts';
import { describeSignal } from '../../labs/log/signal-names.ts';
import type { ResolvedConfig } from '../../labs/config/types.ts';
import type { LabEvent, Mpm, StartedLab } from '../../labs/mpm.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { Frame, REFRESH_MS } from './frame.ts';
import { labHeader } from './header-model.ts';
import { RUN_KEYS } from './keys.ts';
import type { Action } from './keys.ts';
import { LabActions } from './lab-actions.ts';
import { LabReader } from './lab-reader.ts';
import { LogBuffer, clock } from './log-model.ts';
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
      if (e.type === 'log') process.stderr.write(formatLogEntry(e.entry) + '\n');
      return;
    }
    if (e.type === 'log') log.pushEntry(e.entry);
    else if (e.type === 'exit') {
      const why = e.signal ? `exit signal ${describeSignal(e.signal)}` : `exit code ${e.code ?? 0}`;
      marks.exited(e.pid, e.crashed, why, Date.now());
      reader.invalidate();
    } else if (e.type === 'spawn') reader.invalidate();
    else if (e.type === 'state') state = e.state;
    dirty = true;
  };
  for (const e of options.backlog ?? []) onEvent(e);
  const unsubscribe = mpm.onEvent(onEvent);

  const actions = new LabActions({ mpm, lab: started, recorder, ...(options.reread ? { reread: options.reread } : {}), changed: () => (dirty = true) });
  const frame = new Frame({
    title: `mpm-lab ${mpm.name}`,
    keys: RUN_KEYS,
    helpIntro: [
      `mpm-lab runs httpd's ${mpm.name} MPM live on ${started.url}: real processes, real threads.`,
      'The tree is /proc (as ps -eLf shows it) joined with the scoreboard; the grid is mod_status\'',
      'scoreboard; the log is the parent\'s error_log. The keys send real requests, bounded in number.',
    ],
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

  function tick(): void {
    if (closed) return;
    const now = Date.now();
    actions.refreshHeld();
    if (frame.paused) {
      frame.finish('', '', false);
      return;
    }
    const reading = reader.read(now);
    // The sparkline moves on each second; marks expire: both need a redraw without an event.
    const second = Math.floor(now / 1000);
    if (second !== lastSecond || recorder.version !== trafficVersion || log.version !== logVersion) dirty = true;
    lastSecond = second;
    if (!reading) {
      frame.finish(`mpm-lab ${mpm.name}  ${started.url}`, state, true);
      return;
    }
    marks.observe(lastSeenFromPs(reading.doc), now);
    const rows = rowsFromPs(reading.doc, marks);
    const model = scoreboardFromSnapshot(reading.snapshot);
    const { cols } = frame.size();
    const treeWidth = cols >= 120 ? Math.max(80, Math.floor(cols * 0.55)) : cols;
    const sideWidth = cols >= 120 ? cols - treeWidth - 1 : cols;
    frame.arrange(tree.need(rows, treeWidth), [scoreboard.need(model, sideWidth), traffic.need(), logPane.need()], (r) => {
      tree.place(r['tree']!);
      scoreboard.place(r['scoreboard']!);
      traffic.place(r['traffic']!);
      logPane.place(r['log']!);
      dirty = true;
    });
    let changed = tree.draw(rows);
    changed = scoreboard.draw(model) || changed;
    if (dirty) {
      changed = traffic.draw(recorder, { ...actions.state, concurrency: actions.concurrency }) || changed;
      changed = logPane.draw(log) || changed;
      trafficVersion = recorder.version;
      logVersion = log.version;
      dirty = false;
    }
    const threads = reading.doc.processes.reduce((n, p) => n + p.threads.length, 0);
    const left = labHeader({ model: mpm.name, url: started.url, pid: started.pid, generation: reading.snapshot.generation, processes: reading.doc.processes.length, threads });
    frame.finish(left, state, changed);
  }

  const timer = setInterval(tick, REFRESH_MS);
  frame.whenResized(() => tick());
  tick();

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    actions.close();
    frame.close();
    for (const item of log.items.slice(-LOG_AFTER_CLOSE)) {
      process.stderr.write(`[${clock(item.time)}] [${item.level}] ${item.text}\n`);
    }
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
