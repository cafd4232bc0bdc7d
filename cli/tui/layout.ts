// Where each pane goes for a terminal of `cols` x `rows`: stacked in one column up to 119
// columns (80x24 included), the tree beside the rest from 120. Pure arithmetic, so resizing
// is a new call; panes say how many rows they need at least and would like.

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PaneNeed {
  id: string;
  min: number;
  want: number; // Infinity: takes whatever is left
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

/**
 * Heights for panes stacked in `height` rows: every pane its minimum, then, in order, each
 * up to what it wants; the last pane with an infinite want takes what is left.
 */
export function stack(needs: readonly PaneNeed[], height: number): number[] {
  const sizes = needs.map((n) => n.min);
  let left = height - sizes.reduce((a, b) => a + b, 0);
  if (left < 0) {
    // shrink from the bottom pane up, each to 1 row at least
    for (let i = needs.length - 1; i >= 0 && left < 0; i--) {
      const cut = Math.min(sizes[i]! - 1, -left);
      sizes[i]! -= cut;
      left += cut;
    }
    return sizes;
  }
  needs.forEach((n, i) => {
    if (!Number.isFinite(n.want)) return;
    const more = Math.min(left, Math.max(0, n.want - sizes[i]!));
    sizes[i]! += more;
    left -= more;
  });
  const greedy = needs.findIndex((n) => !Number.isFinite(n.want));
  if (greedy >= 0) sizes[greedy]! += left;
  else if (sizes.length) sizes[0]! += left;
  return sizes;
}

/** The widths of the tree and of the other panes at `cols` columns (one column: both `cols`). */
export function paneWidths(cols: number): { tree: number; side: number } {
  if (cols < WIDE_COLS) return { tree: cols, side: cols };
  const tree = Math.max(80, Math.floor(cols * 0.55));
  return { tree, side: cols - tree - 1 };
}

function column(needs: readonly PaneNeed[], left: number, top: number, width: number, height: number): Record<string, Rect> {
  const sizes = stack(needs, height);
  const out: Record<string, Rect> = {};
  let y = top;
  needs.forEach((n, i) => {
    out[n.id] = { left, top: y, width, height: sizes[i]! };
    y += sizes[i]!;
  });
  return out;
}

/**
 * `tree` is the process tree; `side` the other panes, top to bottom. `keyRows(width)` is how
 * many rows the key bar takes at a width.
 */
export function layout(cols: number, rows: number, tree: PaneNeed, side: readonly PaneNeed[], keyRows: (width: number) => number): Layout {
  const kr = keyRows(cols);
  const header: Rect = { left: 0, top: 0, width: cols, height: 1 };
  const keys: Rect = { left: 0, top: Math.max(1, rows - kr), width: cols, height: kr };
  const body = rows - 1 - kr;
  const tooSmall = cols < MIN_COLS || rows < MIN_ROWS;
  if (cols >= WIDE_COLS) {
    const { tree: treeWidth, side: sideWidth } = paneWidths(cols);
    return {
      header,
      keys,
      panes: { [tree.id]: { left: 0, top: 1, width: treeWidth, height: body }, ...column(side, treeWidth + 1, 1, sideWidth, body) },
      tooSmall,
    };
  }
  return { header, keys, panes: column([tree, ...side], 0, 1, cols, body), tooSmall: tooSmall || body < [tree, ...side].reduce((n, p) => n + Math.min(p.min, 2), 0) };
}
