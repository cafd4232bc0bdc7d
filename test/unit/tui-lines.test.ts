// The UI's pure pieces: lines and markup (NO_COLOR), sparkline, layout for 80x24 and resize,
// the key bar and the help.
import { describe, expect, it } from 'vitest';
import { colorMode } from '../../cli/tui/color-mode.ts';
import { helpLines, keyBarLines, RUN_KEYS, WATCH_KEYS } from '../../cli/tui/keys.ts';
import { layout, stack } from '../../cli/tui/layout.ts';
import { clipLine, escapeTags, fit, lineText, seg, toMarkup, width } from '../../cli/tui/line.ts';
import { sparkline } from '../../cli/tui/sparkline.ts';

describe('lines and markup', () => {
  const line = [seg('W', 'yellow'), seg(' busy ', 'bold'), seg('{x}')];

  it('colour mode: blessed tags, braces escaped', () => {
    expect(toMarkup(line, 'color')).toBe('{yellow-fg}W{/yellow-fg}{bold} busy {/bold}{open}x{close}');
  });

  it('NO_COLOR: no colour at all, bold and inverse kept; plain drops every tag', () => {
    expect(toMarkup(line, 'mono')).toBe('W{bold} busy {/bold}{open}x{close}');
    expect(toMarkup(line, 'mono')).not.toMatch(/-fg|-bg/);
    expect(toMarkup(line, 'plain')).toBe('W busy {open}x{close}');
    expect(escapeTags('{a}')).toBe('{open}a{close}');
  });

  it('reads NO_COLOR as no-color.org says: set and not empty', () => {
    expect(colorMode({ NO_COLOR: '1' })).toBe('mono');
    expect(colorMode({ NO_COLOR: '' })).toBe('color');
    expect(colorMode({})).toBe('color');
    expect(colorMode({ TERM: 'dumb' })).toBe('mono');
  });

  it('clips and fits by columns', () => {
    expect(lineText(clipLine(line, 4))).toBe('W b…');
    expect(width(lineText(clipLine(line, 4)))).toBe(4);
    expect(clipLine(line, 20)).toBe(line);
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdef', 4)).toBe('abc…');
  });
});

describe('sparkline', () => {
  it('scales to the largest value; zero is blank; anything above zero shows', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe(' ▁▂▄█');
    expect(sparkline([0, 1, 100])).toBe(' ▁█');
    expect(sparkline([0, 0])).toBe('  ');
    expect(sparkline([5, 10], 20)).toBe('▂▄');
    expect(sparkline([])).toBe('');
  });
});

describe('layout', () => {
  const fixed = (id: string, min: number, want: number) => ({ id, need: () => ({ min, want }) });
  const panes = { tree: fixed('tree', 5, 12), side: [fixed('scoreboard', 4, 6), fixed('traffic', 4, 4)], log: fixed('log', 3, Infinity) };

  it('stack: minimums first, then wants in order, the rest to the greedy pane', () => {
    expect(stack([{ id: 'a', min: 2, want: 5 }, { id: 'b', min: 1, want: Infinity }], 10)).toEqual([5, 5]);
    expect(stack([{ id: 'a', min: 2, want: 5 }, { id: 'b', min: 1, want: Infinity }], 4)).toEqual([3, 1]);
    // too small: shrink from the bottom, each pane keeps a row
    expect(stack([{ id: 'a', min: 4, want: 4 }, { id: 'b', min: 4, want: 4 }], 5)).toEqual([4, 1]);
    // a pane that shows more only at some heights (the tree's fold levels) takes no rows between them
    expect(stack([{ id: 'tree', min: 6, want: 12, steps: [6, 9, 12] }, { id: 'log', min: 4, want: Infinity }], 18)).toEqual([12, 6]);
    expect(stack([{ id: 'tree', min: 6, want: 12, steps: [6, 9, 12] }, { id: 'log', min: 4, want: Infinity }], 15)).toEqual([9, 6]);
    expect(stack([{ id: 'tree', min: 6, want: 12, steps: [6, 9, 12] }, { id: 'log', min: 4, want: Infinity }], 12)).toEqual([6, 6]);
  });

  it('80x24: one column, panes stacked without gaps or overlap, the key bar at the bottom', () => {
    const l = layout(80, 24, panes, () => 2);
    expect(l.tooSmall).toBe(false);
    expect(l.header).toEqual({ left: 0, top: 0, width: 80, height: 1 });
    expect(l.keys).toEqual({ left: 0, top: 22, width: 80, height: 2 });
    const order = ['tree', 'scoreboard', 'traffic', 'log'].map((id) => l.panes[id]!);
    let y = 1;
    for (const r of order) {
      expect(r.top).toBe(y);
      expect(r.width).toBe(80);
      y += r.height;
    }
    expect(y).toBe(22);
    expect(l.panes['scoreboard']!.height).toBeGreaterThanOrEqual(4);
    expect(l.panes['log']!.height).toBeGreaterThanOrEqual(3);
  });

  it('adapts on resize: wide terminals put the tree beside the rest; tiny ones say so', () => {
    const wide = layout(160, 40, panes, () => 1);
    expect(wide.panes['tree']).toMatchObject({ left: 0, top: 1, width: 88 });
    expect(wide.panes['scoreboard']!.left).toBe(89);
    expect(wide.panes['scoreboard']!.width).toBe(71);
    expect(layout(50, 12, panes, () => 3).tooSmall).toBe(true);
  });
});

describe('keys', () => {
  it('the key bar lists every key and fits 80 columns in two lines', () => {
    const lines = keyBarLines(RUN_KEYS, 80).map(lineText);
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
    const text = lines.join(' ');
    for (const shown of ['f fast burst', 's slow burst', 'k keep-alive', '+/- concurrency', 'b block', 'x crash', 'g graceful', '↑/↓ scroll', 'p pause', '? help', 'q quit', '^L redraw']) {
      expect(text).toContain(shown);
    }
  });

  it('the key bar wraps at any width, never wider than the terminal', () => {
    for (const w of [40, 60, 100, 200]) for (const l of keyBarLines(RUN_KEYS, w)) expect(width(lineText(l))).toBeLessThanOrEqual(w);
  });

  it('the help names every key, the marks and the whole mod_status key, within its width', () => {
    const text = helpLines(RUN_KEYS, 'intro', 76).map(lineText);
    for (const l of text) expect(width(l)).toBeLessThanOrEqual(76);
    const all = text.join('\n');
    expect(all).toContain('Ctrl-C');
    expect(all).toContain('"K" Keepalive (read)');
    expect(all).toContain('"." Open slot with no current process');
    expect(all).toContain('! a process that just crashed');
    expect(WATCH_KEYS.map((k) => k.action)).toEqual(['up', 'down', 'pause', 'help', 'redraw', 'quit']);
  });
});
