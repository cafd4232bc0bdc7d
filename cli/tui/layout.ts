// Where each pane goes for a terminal of `cols` x `rows`. Pure arithmetic, so resizing is a
// new call. Panes say, for a width, how many rows they need at least and would like.
//
// Without a lesson: one column up to 119 columns (80x24 included); from 120 the tree on the
// left and the scoreboard and traffic on the right, and the log under whichever column has
// rows to spare. With a lesson: its pane on the left from 120 columns (the lab's panes laid
// out as above in what is left), above the lab's panes below that.

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Need {
  min: number;
  want: number; // Infinity: takes whatever is left
  /** Heights at which the pane shows more (the tree's fold levels); rows between them are not taken. */
  steps?: readonly number[];
}

export interface PaneNeed extends Need {
  id: string;
}

/** A pane's need at a width: the scoreboard's grid, titles and the tree's columns depend on it. */
export interface PaneSpec {
  id: string;
  need(width: number): Need;
}

/** The lab's panes: `tree`, then `side` top to bottom (the scoreboard, the traffic); `log` takes the rest. */
export interface LabPanes {
  tree: PaneSpec;
  side: readonly PaneSpec[];
  log: PaneSpec;
  lesson?: PaneSpec;
}

export interface Layout {
  header: Rect;
  keys: Rect;
  panes: Record<string, Rect>;
  tooSmall: boolean; // even the minimums do not fit: the screen says so instead
}

export const MIN_COLS = 60;
export const MIN_ROWS = 16;
export const WIDE_COLS = 120;
/** The lesson pane beside the lab: wide enough for its prose, never more than a third and a bit. */
export const LESSON_MIN_COLS = 40;
export const LESSON_MAX_COLS = 72;

/**
 * Heights for panes stacked in `height` rows: every pane its minimum, then each up to what it
 * wants, top to bottom; the first pane with an infinite want takes what
 * is left. Short of room, panes shrink from the bottom up, each to 1 row at least.
 */
export function stack(needs: readonly PaneNeed[], height: number): number[] {
  const sizes = needs.map((n) => n.min);
  let left = height - sizes.reduce((a, b) => a + b, 0);
  if (left < 0) {
    for (let i = needs.length - 1; i >= 0 && left < 0; i--) {
      const cut = Math.min(sizes[i]! - 1, -left);
      sizes[i]! -= cut;
      left += cut;
    }
    return sizes;
  }
  for (const [i, n] of needs.entries()) {
    if (!Number.isFinite(n.want)) continue;
    let more = Math.min(left, Math.max(0, n.want - sizes[i]!));
    if (n.steps && sizes[i]! + more < n.want) {
      const fits = n.steps.filter((s) => s <= sizes[i]! + more);
      more = Math.max(0, Math.max(sizes[i]!, ...fits) - sizes[i]!);
    }
    sizes[i]! += more;
    left -= more;
  }
  const greedy = needs.findIndex((n) => !Number.isFinite(n.want));
  if (greedy >= 0) sizes[greedy]! += left;
  else if (sizes.length) sizes[0]! += left;
  return sizes;
}

/** The tree's width beside the other panes: its columns need about 72; the side gets the rest. */
export function treeWidth(cols: number): number {
  return Math.max(72, Math.min(Math.floor(cols * 0.55), cols - 48));
}

/** The lesson pane's width beside the lab, at `cols` columns. */
export function lessonWidth(cols: number): number {
  return Math.max(LESSON_MIN_COLS, Math.min(LESSON_MAX_COLS, Math.floor(cols * 0.36)));
}

function column(specs: readonly PaneSpec[], left: number, top: number, width: number, height: number): Record<string, Rect> {
  const needs = specs.map((s) => ({ id: s.id, ...s.need(width) }));
  const sizes = stack(needs, height);
  const out: Record<string, Rect> = {};
  let y = top;
  needs.forEach((n, i) => {
    out[n.id] = { left, top: y, width, height: sizes[i]! };
    y += sizes[i]!;
  });
  return out;
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
const finite = (n: Need) => (Number.isFinite(n.want) ? n.want : n.min);

/** The lab's panes in a rectangle: stacked when narrow, two columns from WIDE_COLS. */
function labArea(p: LabPanes, left: number, top: number, width: number, height: number): Record<string, Rect> {
  if (width < WIDE_COLS) return column([p.tree, ...p.side, p.log], left, top, width, height);
  const tw = treeWidth(width);
  const sw = width - tw - 1;
  // The log goes under the column that has more rows to spare once the others have theirs.
  const treeSpare = height - finite(p.tree.need(tw));
  const sideSpare = height - sum(p.side.map((s) => finite(s.need(sw))));
  const logUnderTree = treeSpare > sideSpare;
  const treeOnly: PaneSpec = { id: p.tree.id, need: (w) => ({ min: p.tree.need(w).min, want: Infinity }) };
  const lastSide = p.side[p.side.length - 1];
  // The column without the log: its last pane takes what is left (the tree shows more of itself).
  const sideSpecs = logUnderTree || !lastSide ? p.side.map((s, i) => (i === p.side.length - 1 ? { id: s.id, need: (w: number) => ({ min: s.need(w).min, want: Infinity }) } : s)) : [...p.side, p.log];
  return {
    ...column(logUnderTree ? [p.tree, p.log] : [treeOnly], left, top, tw, height),
    ...column(sideSpecs, left + tw + 1, top, sw, height),
  };
}

/** Every pane of the screen; `keyRows(width)` is how many rows the key bar takes at a width. */
export function layout(cols: number, rows: number, panes: LabPanes, keyRows: (width: number) => number): Layout {
  const kr = keyRows(cols);
  const header: Rect = { left: 0, top: 0, width: cols, height: 1 };
  const keys: Rect = { left: 0, top: Math.max(1, rows - kr), width: cols, height: kr };
  const body = Math.max(1, rows - 1 - kr);
  let tooSmall = cols < MIN_COLS || rows < MIN_ROWS;
  const lesson = panes.lesson;
  let out: Record<string, Rect>;
  if (lesson && cols >= WIDE_COLS) {
    const lw = lessonWidth(cols);
    out = { [lesson.id]: { left: 0, top: 1, width: lw, height: body }, ...labArea(panes, lw + 1, 1, cols - lw - 1, body) };
  } else if (lesson) {
    // Above the lab: every pane its minimum, then the lesson what it wants (its text is what
    // the learner reads first), then the lab's panes.
    const specs = [lesson, panes.tree, ...panes.side, panes.log];
    out = column(specs, 0, 1, cols, body);
    tooSmall ||= body < sum(specs.map((s) => s.need(cols).min));
  } else {
    const specs = [panes.tree, ...panes.side, panes.log];
    out = labArea(panes, 0, 1, cols, body);
    if (cols < WIDE_COLS) tooSmall ||= body < sum(specs.map((s) => s.need(cols).min));
  }
  return { header, keys, panes: out, tooSmall };
}
