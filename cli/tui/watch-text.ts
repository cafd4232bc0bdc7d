// `watch` without a screen: the header, one line per change for a pipe or a log file, and a
// whole frame as plain text (--once). The same view models as the screen's panes. Pure.
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { WatchReading } from '../../labs/watch/types.ts';
import { fit, lineText } from './line.ts';
import { clock } from './log-model.ts';
import { STRINGS as S } from './strings.ts';
import { scoreboardFromStatus, scoreboardHeight, scoreboardLines } from './scoreboard-model.ts';
import { layoutTree, treeHeading } from './tree-lines.ts';
import { rowsFromWatch } from './tree-model.ts';

export function watchHeader(page: string, reading: WatchReading | null): string {
  if (!reading) return S.watchHeader(page);
  const f = reading.status.fields;
  const up = f['ServerUptime'] ? S.watchUptime(f['ServerUptime'].trim()) : '';
  return `${S.watchHeader(page)}  ${S.watchMpm(reading.status.serverMPM ?? '?')}${up}  ${f['ServerVersion'] ?? ''}`.trimEnd();
}

/** One line per reading, for a pipe: "12:00:01 BusyWorkers 1 IdleWorkers 3 Scoreboard: W___...". */
export function watchLogLine(reading: WatchReading): string {
  const s = reading.status;
  const a = s.async ? ` ConnsTotal ${s.async.connsTotal} ConnsAsyncKeepAlive ${s.async.keepAlive}` : '';
  return `${clock(reading.at)} BusyWorkers ${s.busyWorkers} IdleWorkers ${s.idleWorkers}${a} Scoreboard: ${s.scoreboard}`;
}

/** The screen's tree and scoreboard as plain text, `width` columns, every row. */
export function watchFrame(page: string, reading: WatchReading, procs: readonly ProcInfo[] | null, width: number): string {
  const rows = rowsFromWatch({ reading, procs }, null);
  const tree = layoutTree(rows, width, rows.length + 1);
  const model = scoreboardFromStatus(reading.status);
  const sb = scoreboardLines(model, width, scoreboardHeight(model, width).want);
  return [fit(watchHeader(page, reading), width), treeHeading(width), ...tree.lines, '', ...sb].map((l) => (typeof l === 'string' ? l : lineText(l).trimEnd())).join('\n') + '\n';
}
