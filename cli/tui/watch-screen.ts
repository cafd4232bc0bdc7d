// `mpm-lab watch URL` in a terminal: the same tree and scoreboard panes as `run`, drawn from
// any httpd's /server-status (and /proc when the server runs here). Read-only: no load.
import type { StatusUrl } from '../../labs/watch/status-url.ts';
import { Frame, REFRESH_MS } from './frame.ts';
import { WATCH_KEYS } from './keys.ts';
import type { Action } from './keys.ts';
import { LOG_SPEC, LogBuffer } from './log-model.ts';
import { LogPane } from './log-pane.ts';
import { MarkTracker } from './marks.ts';
import { scoreboardFromStatus, scoreboardSpec } from './scoreboard-model.ts';
import { ScoreboardPane } from './scoreboard-pane.ts';
import { STRINGS as S } from './strings.ts';
import { treeSpec } from './tree-lines.ts';
import { TreePane } from './tree-pane.ts';
import { lastSeenFromWatch, rowsFromWatch } from './tree-model.ts';
import { watchHeader } from './watch-text.ts';
import { WatchReader } from './watch-reader.ts';

export interface WatchScreenOptions {
  url: StatusUrl;
  intervalMs: number;
  onQuit(): void; // the terminal is restored already
}

export function startWatchScreen(options: WatchScreenOptions): { close(): void } {
  const log = new LogBuffer();
  const note = (text: string, warn = false) => log.push({ time: Date.now(), level: warn ? 'watch' : 'notice', text });
  const reader = new WatchReader(options.url, options.intervalMs, note);
  const marks = new MarkTracker();
  let closed = false;

  const frame = new Frame({
    title: `mpm-lab watch ${options.url.page}`,
    keys: WATCH_KEYS,
    helpIntro: S.helpIntroWatch(options.url.page, options.intervalMs / 1000),
    onAction: (action: Action) => {
      if (action === 'quit') {
        close();
        options.onQuit();
        return;
      }
      if (action === 'up') tree.scroll(-1);
      else if (action === 'down') tree.scroll(1);
      tick();
    },
  });
  const { screen, mode } = frame.term;
  const tree = new TreePane(screen, mode);
  const scoreboard = new ScoreboardPane(screen, mode);
  const logPane = new LogPane(screen, mode, S.logTitleWatch);
  let seenVersion = -1;
  let known: Set<number> | null = null;

  function tick(): void {
    if (closed) return;
    const now = Date.now();
    if (frame.paused) {
      frame.finish('', '', false);
      return;
    }
    const { reading, procs, error, at } = reader.state;
    if (reader.version !== seenVersion && reading) {
      seenVersion = reader.version;
      const present = lastSeenFromWatch({ reading, procs });
      const pids = new Set(present.map((p) => p.pid));
      if (known) {
        for (const pid of pids) if (!known.has(pid)) note(S.watchAppeared(pid));
        for (const pid of known) if (!pids.has(pid)) note(S.watchGone(pid));
      }
      known = pids;
      marks.observe(present, now);
    }
    marks.expire(now);
    let changed = false;
    if (reading) {
      const rows = rowsFromWatch({ reading, procs }, marks);
      const model = scoreboardFromStatus(reading.status);
      frame.arrange({ tree: treeSpec(rows), side: [scoreboardSpec(model)], log: LOG_SPEC }, (r) => {
        tree.place(r['tree']!);
        scoreboard.place(r['scoreboard']!);
        logPane.place(r['log']!);
      });
      changed = tree.draw(rows);
      changed = scoreboard.draw(model) || changed;
    } else {
      const fixed = (id: string, rows: number) => ({ id, need: () => ({ min: rows, want: rows }) });
      frame.arrange({ tree: fixed('tree', 5), side: [fixed('scoreboard', 3)], log: LOG_SPEC }, (r) => {
        tree.place(r['tree']!);
        scoreboard.place(r['scoreboard']!);
        logPane.place(r['log']!);
      });
    }
    changed = logPane.draw(log) || changed;
    const right = error ? 'not answering' : reading ? `read ${Math.max(0, Math.round((now - at) / 1000))} s ago` : 'reading...';
    frame.finish(watchHeader(options.url.page, reading), right, changed);
  }

  reader.start();
  const timer = setInterval(tick, REFRESH_MS);
  frame.whenResized(() => tick());
  tick();

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    reader.stop();
    frame.close();
  }
  return { close };
}
