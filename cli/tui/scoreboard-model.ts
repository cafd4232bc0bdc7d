// The scoreboard pane's model, from the lab's scoreboard or from a server's `?auto` report,
// and its lines: mod_status' grid (64 cells a line), BusyWorkers/IdleWorkers, event's
// connections (the parked keep-alive ones), and mod_status' key. Pure.
import { SLOT_LEGEND } from '../../labs/scoreboard/types.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';
import { asyncCounts, countSlots } from '../../labs/status/index.ts';
import type { AsyncCounts, ParsedStatus } from '../../labs/status/types.ts';
import { fit, seg, wrapParts } from './line.ts';
import type { Line } from './line.ts';
import type { PaneSpec } from './layout.ts';
import { STRINGS as S } from './strings.ts';
import { slotTone } from './tones.ts';

export interface ScoreboardModel {
  cells: string; // mod_status' Scoreboard: line
  busy: number;
  idle: number;
  graceful: number | null; // null: the server does not report it (httpd before 2.4.58)
  async: AsyncCounts | null; // event only
}

export function scoreboardFromSnapshot(snapshot: ScoreboardSnapshot): ScoreboardModel {
  const c = countSlots(snapshot);
  return { cells: c.cells, busy: c.busy, idle: c.idle, graceful: c.graceful, async: snapshot.model === 'event' ? asyncCounts(snapshot) : null };
}

export function scoreboardFromStatus(status: ParsedStatus): ScoreboardModel {
  return { cells: status.scoreboard, busy: status.busyWorkers, idle: status.idleWorkers, graceful: status.gracefulWorkers ?? null, async: status.async ?? null };
}

const CELLS_PER_LINE = 64; // mod_status breaks the grid every 64 cells

function legendLines(width: number, short: boolean): Line[] {
  const lines: Line[] = [];
  let line: Line = [];
  let used = 0;
  for (const [letter, meaning] of SLOT_LEGEND) {
    const words = short ? S.shortKey[letter] ?? meaning : meaning;
    const size = 1 + 1 + words.length;
    const gap = used === 0 ? 0 : 2;
    if (used > 0 && used + gap + size > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (used > 0) line.push(seg('  '));
    line.push(seg(letter, slotTone(letter)), seg(` ${words}`, 'dim'));
    used += (used > 0 ? 2 : 0) + size;
  }
  if (line.length) lines.push(line);
  return lines;
}

function gridLines(cells: string, width: number): string[] {
  const per = Math.max(1, Math.min(CELLS_PER_LINE, width));
  const out: string[] = [];
  for (let i = 0; i < cells.length; i += per) out.push(cells.slice(i, i + per));
  return out.length ? out : [''];
}

function paintCells(text: string): Line {
  const line: Line = [];
  for (const ch of text) {
    const last = line[line.length - 1];
    const tone = slotTone(ch);
    if (last && last.tone === tone) last.text += ch;
    else line.push(seg(ch, tone));
  }
  return line;
}

function titleLines(m: ScoreboardModel, width: number): Line[] {
  const parts = [S.scoreboardTitle, `BusyWorkers ${m.busy}`, `IdleWorkers ${m.idle}`];
  if (m.graceful !== null) parts.push(`GracefulWorkers ${m.graceful}`);
  return wrapParts(parts, width).map((t) => [seg(t, 'inverse')]);
}

function asyncLines(a: AsyncCounts, width: number): Line[] {
  return wrapParts(S.eventConnections(a.connsTotal, a.keepAlive, a.closing, a.writing), width, ' ').map((t) => [seg(t)]);
}

/**
 * Rows the pane needs: at least its title and grid (trailing open slots summed up) and the
 * short key, or no key when `compact` (the help has it); at most everything.
 */
export function scoreboardHeight(m: ScoreboardModel, width: number, compact = false): { min: number; want: number } {
  const grid = gridLines(m.cells, width);
  const trailingDots = countTrailingDotLines(grid);
  const extra = titleLines(m, width).length + (m.async ? asyncLines(m.async, width).length : 0);
  return {
    min: extra + grid.length - trailingDots + (trailingDots > 0 ? 1 : 0) + (compact ? 0 : legendLines(width, true).length),
    want: extra + grid.length + legendLines(width, false).length,
  };
}

/** The pane's need at any width; `compact` beside a lesson. */
export function scoreboardSpec(m: ScoreboardModel, compact = false): PaneSpec {
  return { id: 'scoreboard', need: (width) => scoreboardHeight(m, width, compact) };
}

function countTrailingDotLines(grid: string[]): number {
  let n = 0;
  for (let i = grid.length - 1; i > 0 && /^\.+$/.test(grid[i]!); i--) n++;
  return n;
}

export function scoreboardLines(m: ScoreboardModel, width: number, height: number): Line[] {
  const lines: Line[] = titleLines(m, width);
  if (m.async) lines.push(...asyncLines(m.async, width));
  let grid: Line[] = gridLines(m.cells, width).map(paintCells);
  const fullKey = legendLines(width, false);
  const shortKey = legendLines(width, true);
  let room = height - lines.length;
  // The grid first; open slots at its end are summed up when space is short.
  const rows = gridLines(m.cells, width);
  if (rows.length + shortKey.length > room) {
    const dots = countTrailingDotLines(rows);
    if (dots > 0) {
      const open = rows.slice(rows.length - dots).join('').length;
      grid = [...grid.slice(0, rows.length - dots), [seg(fit(S.moreOpenSlots(open), width), 'dim')]];
    }
  }
  for (const g of grid) if (lines.length < height) lines.push(g);
  room = height - lines.length;
  const key = fullKey.length <= room ? fullKey : shortKey.length <= room ? shortKey : shortKey.slice(0, room);
  lines.push(...key);
  return lines.slice(0, Math.max(0, height));
}
