// `mpm-lab status` as text, in mod_status's words: uptime, generation, totals, the
// Scoreboard grid (64 cells a line) and its key; for event, each process's connections.
import chalk from 'chalk';
import type { ChalkInstance } from 'chalk';
import { SLOT_LEGEND } from '../../labs/scoreboard/types.ts';
import { formatKBytes, showTime } from '../../labs/status/apr-format.ts';
import { cell, wrapList } from './columns.ts';
import { paintStatus } from './slot-color.ts';
import type { StatusDocument } from './status-model.ts';

export const STATUS_WIDTH = 79;
const CELLS_PER_LINE = 64; // mod_status breaks the scoreboard every 64 cells

export function scoreboardLines(cells: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += CELLS_PER_LINE) lines.push(cells.slice(i, i + CELLS_PER_LINE));
  return lines;
}

function connectionTable(doc: StatusDocument, c: ChalkInstance): string[] {
  const cols = [5, 8, 5, 11, 5, 5, 8, 11, 8];
  const line = (values: string[]) => values.map((v, i) => cell(v, cols[i]!, i < 2 ? 'left' : 'right')).join(' ').trimEnd();
  const sum = (key: 'connections' | 'keepAlive' | 'closing' | 'writing' | 'busy' | 'idle') => String(doc.processes.reduce((n, p) => n + p[key], 0));
  return [
    c.bold(line(['Slot', 'PID', 'Stop', 'Connections', 'Busy', 'Idle', 'Writing', 'Keep-alive', 'Closing'])),
    ...doc.processes.map((p) =>
      line([String(p.slot), String(p.pid), p.stopping ? 'yes' : 'no', String(p.connections), String(p.busy), String(p.idle), String(p.writing), String(p.keepAlive), String(p.closing)]),
    ),
    line(['Sum', String(doc.processes.length), String(doc.processes.filter((p) => p.stopping).length), sum('connections'), sum('busy'), sum('idle'), sum('writing'), sum('keepAlive'), sum('closing')]),
  ];
}

export function renderStatus(doc: StatusDocument, c: ChalkInstance = chalk): string {
  const lines = [
    `${c.bold(doc.model)} lab on ${doc.lab.url} (parent pid ${doc.lab.pid})`,
    `Server uptime: ${showTime(doc.uptimeSeconds).trim() || '0 seconds'}`,
    `Parent Server MPM Generation: ${doc.generation}`,
    `Total accesses: ${doc.accesses} - Total Traffic: ${formatKBytes(doc.kBytes)}`,
    `${doc.busy} requests currently being processed, ${doc.idle} idle workers, ${doc.graceful} gracefully finishing`,
    '',
  ];
  if (doc.model === 'event') lines.push(...connectionTable(doc, c), '');
  lines.push(...scoreboardLines(doc.scoreboard).map((l) => [...l].map((s) => paintStatus(c, s)).join('')), '');
  lines.push('Scoreboard Key:', ...wrapList(SLOT_LEGEND.map(([s, meaning]) => `"${s}" ${meaning}`), STATUS_WIDTH));
  return lines.join('\n') + '\n';
}
