// Every key of the UI, in one table: the key bar and the help are drawn from it, and the
// screens bind exactly these. Pure.
import { SLOT_LEGEND } from '../../labs/scoreboard/types.ts';
import { seg } from './line.ts';
import type { Line } from './line.ts';

export type Action =
  | 'fast'
  | 'slow'
  | 'keepalive'
  | 'more'
  | 'less'
  | 'block'
  | 'crash'
  | 'graceful'
  | 'up'
  | 'down'
  | 'pause'
  | 'help'
  | 'redraw'
  | 'quit';

export interface KeyDef {
  action: Action;
  keys: string[]; // blessed key names
  shown: string; // as the bar prints it
  label: string;
  help: string;
}

export const RUN_KEYS: readonly KeyDef[] = [
  { action: 'fast', keys: ['f'], shown: 'f', label: 'fast burst', help: 'send a burst of fast requests (GET /), 20 per connection slot, at the concurrency' },
  { action: 'slow', keys: ['s'], shown: 's', label: 'slow burst', help: 'send as many slow requests (GET /sleep?ms=3000) as the concurrency: they hold their slots 3 s' },
  { action: 'keepalive', keys: ['k'], shown: 'k', label: 'keep-alive', help: 'open and hold idle keep-alive clients, as many as the concurrency (press again to let them go)' },
  { action: 'more', keys: ['+', '='], shown: '+', label: '', help: 'double the concurrency' },
  { action: 'less', keys: ['-', '_'], shown: '-', label: 'concurrency', help: 'halve the concurrency' },
  { action: 'block', keys: ['b'], shown: 'b', label: 'block', help: 'block a thread 5 s in the non-thread-safe module (/block), with requests for the same module queued behind it' },
  { action: 'crash', keys: ['x'], shown: 'x', label: 'crash', help: 'crash a thread (/crash): its whole process dies; in worker and event while its sibling threads serve slow requests' },
  { action: 'graceful', keys: ['g'], shown: 'g', label: 'graceful', help: 'graceful restart (apachectl -k graceful): the config is read again, old children finish first (G)' },
  { action: 'up', keys: ['up'], shown: '↑', label: '', help: 'scroll the process tree up' },
  { action: 'down', keys: ['down'], shown: '↓', label: 'scroll', help: 'scroll the process tree down' },
  { action: 'pause', keys: ['p', 'space'], shown: 'p', label: 'pause', help: 'pause the view (the lab keeps running); again to resume' },
  { action: 'help', keys: ['?'], shown: '?', label: 'help', help: 'this help; ? or Esc closes it' },
  { action: 'redraw', keys: ['C-l'], shown: '^L', label: 'redraw', help: 'draw the whole screen again, if something else wrote over it' },
  { action: 'quit', keys: ['q', 'C-c'], shown: 'q', label: 'quit', help: 'stop the lab and quit (also Ctrl-C)' },
];

export const WATCH_KEYS: readonly KeyDef[] = RUN_KEYS.filter((k) => ['up', 'down', 'pause', 'help', 'redraw', 'quit'].includes(k.action)).map((k) =>
  k.action === 'quit' ? { ...k, help: 'quit (also Ctrl-C); the server is left as it is' } : k,
);

/** "f fast burst" items; a key with an empty label joins the next one ("+/- concurrency"). */
function items(keys: readonly KeyDef[]): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  let pending = '';
  for (const k of keys) {
    if (!k.label) {
      pending += `${k.shown}/`;
      continue;
    }
    out.push({ key: pending + k.shown, label: k.label });
    pending = '';
  }
  return out;
}

/** The key bar, wrapped to `width`: every key is on screen. */
export function keyBarLines(keys: readonly KeyDef[], width: number): Line[] {
  const lines: Line[] = [];
  let line: Line = [];
  let used = 0;
  for (const it of items(keys)) {
    const size = it.key.length + 1 + it.label.length;
    if (used > 0 && used + 2 + size > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (used > 0) line.push(seg('  '));
    line.push(seg(it.key, 'inverse'), seg(` ${it.label}`));
    used += (used > 0 ? 2 : 0) + size;
  }
  if (line.length) lines.push(line);
  return lines;
}

const MARKS_HELP = ['+ a process just forked', '~ a process finishing its requests before it exits (G)', '- a process that just exited', '! a process that just crashed'];

/** Text wrapped to `width` with a hanging indent of `indent` columns after the first line. */
function hanging(first: string, text: string, width: number, tone?: 'bold'): Line[] {
  const indent = first.length;
  const room = Math.max(10, width - indent);
  const words = text.split(' ');
  const rows: string[] = [];
  let row = '';
  for (const w of words) {
    if (row && row.length + 1 + w.length > room) {
      rows.push(row);
      row = w;
    } else row = row ? `${row} ${w}` : w;
  }
  rows.push(row);
  return rows.map((r, i) => (i === 0 ? [seg(first, tone), seg(r)] : [seg(' '.repeat(indent)), seg(r)]));
}

/** The help text for a `width`: every key, the marks, and mod_status' key in its own words. */
export function helpLines(keys: readonly KeyDef[], intro: string, width: number): Line[] {
  const lines: Line[] = hanging('', intro, width);
  lines.push([seg('')], [seg('Keys', 'bold')]);
  for (const k of keys) {
    const names = k.keys.map((n) => (n.startsWith('C-') ? `Ctrl-${n.slice(2).toUpperCase()}` : n === 'up' ? '↑' : n === 'down' ? '↓' : n)).join(' ');
    lines.push(...hanging(`  ${names.padEnd(9)} `, k.help, width, 'bold'));
  }
  lines.push([seg('')], [seg('Marks in the process tree', 'bold')], ...MARKS_HELP.map((t) => [seg(`  ${t}`)]));
  lines.push([seg('')], [seg('Scoreboard Key (mod_status)', 'bold')]);
  for (const [letter, meaning] of SLOT_LEGEND) lines.push([seg(`  "${letter}" ${meaning}`)]);
  return lines;
}
