// One frame of the plain live view. Pure: snapshot in, text out.
import type { MpmQuery, StartedLab } from '../../labs/mpm.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';

export function renderLiveFrame(sb: ScoreboardSnapshot, q: MpmQuery, started: StartedLab, log: string[], columns: number, rows: number): string {
  const width = Math.max(40, columns);
  const lines: string[] = [];
  lines.push(`mpm-lab ${q.model} on ${started.url}  parent pid ${started.pid}  generation ${q.generation}  (Ctrl-C stops)`);
  lines.push('');
  lines.push('SLOT  PID      STATE  REQUEST');
  for (const p of sb.processes) {
    if (p.pid === 0) continue;
    const row = sb.slots[p.slot]!;
    const states = row.map((s) => s.status).join('');
    const busy = row.find((s) => s.status === 'W' || s.status === 'R');
    const age = busy && busy.requestStart ? ` (${((sb.now - busy.requestStart) / 1000).toFixed(1)}s)` : '';
    lines.push(`${String(p.slot).padEnd(5)} ${String(p.pid).padEnd(8)} ${states.slice(0, 32).padEnd(6)} ${busy ? busy.request + age : ''}`.slice(0, width));
  }
  lines.push('');
  const cells = sb.slots.slice(0, Math.ceil(sb.maxRequestWorkers / sb.threadsPerChild)).flat().map((s) => s.status).join('');
  lines.push('Scoreboard:');
  for (let i = 0; i < cells.length; i += 64) lines.push('  ' + cells.slice(i, i + 64));
  lines.push('');
  const room = Math.max(3, rows - lines.length - 2);
  lines.push('Log:');
  for (const l of log.slice(-room)) lines.push(l.slice(0, width));
  return lines.slice(0, rows).join('\n');
}
