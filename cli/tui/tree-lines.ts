// The tree's rows laid out in a pane of `width` x `height`: fixed columns as `ps` prints
// them, and, when the rows do not fit, idle threads folded first, then all threads, then a
// scroll offset. Pure.
import { formatAge, formatRss } from '../plain/units.ts';
import { fit, seg } from './line.ts';
import type { Line, Tone } from './line.ts';
import type { PaneSpec } from './layout.ts';
import { STRINGS as S } from './strings.ts';
import { slotTone } from './tones.ts';
import type { RowMark, TreeRow } from './tree-model.ts';

interface Columns {
  ppid: boolean;
  name: number;
  request: number;
}

const W = { mark: 1, pid: 7, ppid: 7, tid: 7, name: 16, thr: 3, st: 2, rss: 6, age: 6 } as const;

/** Space the REQUEST column keeps before NAME narrows ("GET /sleep?ms=3000" whole). */
const REQUEST_ROOM = 20;

/** Column widths for a pane `width` wide: PPID from 92 columns; below 80 the names give way. */
export function columnsFor(width: number): Columns {
  const ppid = width >= 92;
  const fixed = W.mark + W.pid + (ppid ? W.ppid + 1 : 0) + W.tid + W.thr + W.st + W.rss + W.age + 8; // 8 separators
  const name = Math.max(8, Math.min(W.name, width - fixed - REQUEST_ROOM));
  return { ppid, name, request: Math.max(1, width - fixed - name) };
}

const MARK: Record<Exclude<RowMark, null>, { char: string; tone: Tone }> = {
  new: { char: '+', tone: 'green' },
  leaving: { char: '~', tone: 'magenta' },
  exited: { char: '-', tone: 'dim' },
  crashed: { char: '!', tone: 'red' },
};

/** The pane's heading, which is also its title bar. */
export function treeHeading(width: number): Line {
  const c = columnsFor(width);
  const text = [
    ' ',
    fit('PID', W.pid, 'right'),
    ...(c.ppid ? [fit('PPID', W.ppid, 'right')] : []),
    fit('TID', W.tid, 'right'),
    fit('NAME', c.name),
    fit('THR', W.thr, 'right'),
    fit('ST', W.st),
    fit('RSS', W.rss, 'right'),
    fit('REQUEST', c.request),
    fit('AGE', W.age, 'right'),
  ].join(' ');
  return [seg(fit(text, width), 'inverse')];
}

function rowLine(r: TreeRow, c: Columns): Line {
  if (r.kind === 'runtime') {
    // "+7 runtime threads (V8 Worker×4, ...)" from the TID column to the end, as `ps` prints it
    const lead = W.mark + 1 + W.pid + (c.ppid ? 1 + W.ppid : 0) + 1;
    const rest = W.tid + 1 + c.name + 1 + W.thr + 1 + W.st + 1 + W.rss + 1 + c.request + 1 + W.age;
    return [seg(' '.repeat(lead)), seg(fit(`  ${r.request}`, rest), 'dim')];
  }
  const mark = r.mark ? MARK[r.mark] : null;
  const indent = r.kind === 'process' || r.kind === 'ghost' ? '' : '  ';
  const rowTone: Tone | undefined = r.mark === 'crashed' ? 'red' : r.mark === 'exited' ? 'dim' : undefined;
  const cells: Line = [
    seg(mark ? mark.char : ' ', mark?.tone),
    seg(' ' + fit(r.pid !== null ? String(r.pid) : '', W.pid, 'right'), rowTone),
  ];
  if (c.ppid) cells.push(seg(' ' + fit(r.ppid !== null ? String(r.ppid) : '', W.ppid, 'right'), rowTone));
  cells.push(
    seg(' ' + fit(r.tid !== null ? String(r.tid) : '', W.tid, 'right'), rowTone),
    seg(' ' + fit(indent + r.name, c.name), rowTone),
    seg(' ' + fit(r.threads !== null ? String(r.threads) : '', W.thr, 'right'), rowTone),
    seg(' '),
    seg(fit(r.status, W.st), r.status ? (r.status === '!' ? 'red' : slotTone(r.status)) : undefined),
    seg(' ' + fit(r.rssBytes !== null && r.rssBytes > 0 ? formatRss(r.rssBytes) : '', W.rss, 'right'), rowTone),
    seg(' ' + fit(r.request, c.request), r.note ? rowTone ?? 'dim' : rowTone),
    seg(' ' + fit(r.ageMs !== null ? formatAge(r.ageMs) : '', W.age, 'right'), rowTone),
  );
  return cells;
}

/**
 * A folded group of threads: "  4 threads  WW__", one letter per thread from the THR column
 * on; more threads than the line holds go on to the next line, under the first letter.
 */
function foldLines(threads: TreeRow[], idleOnly: boolean, c: Columns, width: number): Line[] {
  const name = S.foldName(threads.length, idleOnly);
  const leadText = ' ' + ' ' + fit('', W.pid) + (c.ppid ? ' ' + fit('', W.ppid) : '') + ' ' + fit('', W.tid);
  const lead: Line = [seg(leadText), seg(' ' + fit('  ' + name, c.name), 'dim'), seg(' ')];
  const used = leadText.length + 1 + c.name + 1;
  const per = Math.max(1, width - used);
  const letters = threads.map((t) => t.status || '?');
  const out: Line[] = [];
  for (let i = 0; i < letters.length; i += per) {
    const cells: Line = [];
    for (const l of letters.slice(i, i + per)) {
      const last = cells[cells.length - 1];
      const tone = slotTone(l);
      if (last && last.tone === tone) last.text += l;
      else cells.push(seg(l, tone));
    }
    out.push([...(i === 0 ? lead : [seg(' '.repeat(used))]), ...cells]);
  }
  return out;
}

export type FoldLevel = 0 | 1 | 2 | 3;

/** Rows at a fold level: 0 all, 1 without runtime summaries, 2 idle threads folded, 3 all threads folded. */
export function foldRows(rows: readonly TreeRow[], level: FoldLevel, c: Columns, width = 80): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i]!;
    if (r.kind === 'process' || r.kind === 'ghost') {
      out.push(rowLine(r, c));
      i++;
      continue;
    }
    // a run of thread/runtime rows of one process
    const owner = r.owner;
    const group: TreeRow[] = [];
    while (i < rows.length && rows[i]!.owner === owner && (rows[i]!.kind === 'thread' || rows[i]!.kind === 'runtime')) group.push(rows[i++]!);
    const threads = group.filter((g) => g.kind === 'thread');
    if (level === 0) for (const g of group) out.push(rowLine(g, c));
    else if (level === 1) for (const t of threads) out.push(rowLine(t, c));
    else if (level === 2) {
      const idle = threads.filter((t) => !t.busy);
      for (const t of threads) if (t.busy) out.push(rowLine(t, c));
      if (idle.length) out.push(...foldLines(idle, true, c, width));
    } else if (level === 3 && threads.length) out.push(...foldLines(threads, false, c, width));
  }
  return out;
}

/**
 * The tree's need: at least every process with its threads folded (no scrolling), but no less
 * than `floor` rows and no more than `cap`; as many as every worker thread needs when there is room.
 */
export function treeSpec(rows: readonly TreeRow[], floor = 5, cap = 8): PaneSpec {
  return {
    id: 'tree',
    need: (width) => {
      const c = columnsFor(width);
      const heights = ([3, 2, 1, 0] as FoldLevel[]).map((level) => 1 + foldRows(rows, level, c, width).length);
      const min = Math.max(floor, Math.min(cap, heights[0]!));
      return { min, want: Math.max(min, heights[2]!), steps: heights };
    },
  };
}

export interface TreeView {
  lines: Line[]; // exactly `height` lines at most
  level: FoldLevel;
  offset: number; // the scroll offset actually used
  total: number; // lines at that level
}

/** The lowest fold level that fits `height`; beyond that, level 3 scrolled from `offset`. */
export function layoutTree(rows: readonly TreeRow[], width: number, height: number, offset = 0): TreeView {
  const c = columnsFor(width);
  const h = Math.max(1, height);
  for (const level of [0, 1, 2, 3] as FoldLevel[]) {
    const lines = foldRows(rows, level, c, width);
    if (lines.length <= h) return { lines, level, offset: 0, total: lines.length };
  }
  const lines = foldRows(rows, 3, c, width);
  const max = Math.max(0, lines.length - (h - 1));
  const from = Math.min(Math.max(0, offset), max);
  const shown = lines.slice(from, from + h - 1);
  const below = lines.length - from - shown.length;
  shown.push([seg(fit(` ${S.treeScroll(from, below)}`, width), 'dim')]);
  return { lines: shown, level: 3, offset: from, total: lines.length };
}
