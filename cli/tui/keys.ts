// Every key of the UI, in one table: the key bar and the help are drawn from it, and the
// screens bind exactly these. Pure.
import { SLOT_LEGEND } from '../../labs/scoreboard/types.ts';
import { seg } from './line.ts';
import { STRINGS as S } from './strings.ts';
import type { Line } from './line.ts';

export type LabAction = 'fast' | 'slow' | 'keepalive' | 'more' | 'less' | 'block' | 'crash' | 'graceful';
export type ViewAction = 'up' | 'down' | 'pause' | 'help' | 'redraw' | 'quit';
export type LessonAction = 'lesson-go' | 'lesson-next' | 'lesson-back' | 'lesson-run' | 'lesson-hint' | 'lesson-answer' | 'lesson-reset' | 'lesson-page-up' | 'lesson-page-down';
export type Action = LabAction | ViewAction | LessonAction;

export interface KeyDef {
  action: Action;
  keys: string[]; // blessed key names ("S-b" is B)
  shown: string; // as the bar prints it
  label: string;
  help: string;
  /** The bar leaves it out when it would take one more line (the help lists it). */
  optional?: boolean;
}

const K = S.keys;
const def = (action: Action, keys: string[], shown: string, words: { label: string; help: string }): KeyDef => ({ action, keys, shown, ...words });

export const RUN_KEYS: readonly KeyDef[] = [
  def('fast', ['f'], 'f', K.fast),
  def('slow', ['s'], 's', K.slow),
  def('keepalive', ['k'], 'k', K.keepalive),
  def('more', ['+', '='], '+', K.more),
  def('less', ['-', '_'], '-', K.less),
  def('block', ['b'], 'b', K.block),
  def('crash', ['x'], 'x', K.crash),
  def('graceful', ['g'], 'g', K.graceful),
  def('up', ['up'], '↑', K.up),
  def('down', ['down'], '↓', K.down),
  def('pause', ['p', 'space'], 'p', K.pause),
  def('help', ['?'], '?', K.help),
  def('redraw', ['C-l'], '^L', K.redraw),
  def('quit', ['q', 'C-c'], 'q', K.quit),
];

export const WATCH_KEYS: readonly KeyDef[] = RUN_KEYS.filter((k) => ['up', 'down', 'pause', 'help', 'redraw', 'quit'].includes(k.action)).map((k) =>
  k.action === 'quit' ? { ...k, ...K.quitWatch } : k,
);

/**
 * A lesson's keys first, then the lab's. The clash is b: in a lesson it goes back a step, and
 * the lab's "block a thread" is B. r and R are the lesson's (the lab has neither).
 */
export const LESSON_KEYS: readonly KeyDef[] = [
  def('lesson-go', ['enter'], 'Enter', K.lessonGo),
  def('lesson-next', ['n'], 'n', K.lessonNext),
  def('lesson-back', ['b'], 'b', K.lessonBack),
  def('lesson-run', ['r'], 'r', K.lessonRun),
  def('lesson-hint', ['h'], 'h', K.lessonHint),
  def('lesson-answer', ['a'], 'a', K.lessonAnswer),
  def('lesson-reset', ['S-r'], 'R', K.lessonReset),
  def('lesson-page-up', ['pageup'], 'PgUp', K.lessonPageUp),
  def('lesson-page-down', ['pagedown'], 'PgDn', K.lessonPageDown),
  ...RUN_KEYS.map((k) => (k.action === 'block' ? { ...k, keys: ['S-b'], shown: 'B', ...K.blockInLesson } : k.action === 'quit' ? { ...k, ...K.quitLesson } : k)),
];

/** The key bar in a lesson: the lesson's keys, the lab's in one item ("f s k +/- B x g lab"); the help lists each. */
export const LESSON_BAR: readonly KeyDef[] = [
  ...LESSON_KEYS.filter((k) => ['lesson-go', 'lesson-next', 'lesson-back', 'lesson-run', 'lesson-hint', 'lesson-answer', 'lesson-reset'].includes(k.action)),
  { action: 'fast', keys: [], shown: LESSON_KEYS.filter((k) => ['fast', 'slow', 'keepalive', 'more', 'less', 'block', 'crash', 'graceful'].includes(k.action)).map((k) => k.shown).join(' ').replace('+ -', '+/-'), label: S.keys.labKeysInLesson, help: '', optional: true },
  ...LESSON_KEYS.filter((k) => ['help', 'quit'].includes(k.action)),
];

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

/** The key bar, wrapped to `width`: every key is on screen, but optional ones that would take a line more. */
export function keyBarLines(keys: readonly KeyDef[], width: number): Line[] {
  const all = barLines(keys, width);
  const needed = keys.filter((k) => !k.optional);
  if (needed.length === keys.length) return all;
  const fewer = barLines(needed, width);
  return fewer.length < all.length ? fewer : all;
}

function barLines(keys: readonly KeyDef[], width: number): Line[] {
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

/** A blessed key name as a learner reads it: Ctrl-C, ↑, B, Enter. */
function keyName(n: string): string {
  if (n.startsWith('C-')) return `Ctrl-${n.slice(2).toUpperCase()}`;
  if (n.startsWith('S-')) return n.slice(2).toUpperCase();
  return ({ up: '↑', down: '↓', enter: 'Enter', pageup: 'PgUp', pagedown: 'PgDn' } as Record<string, string>)[n] ?? n;
}

/** The help text for a `width`: every key, the marks, and mod_status' key in its own words. */
export function helpLines(keys: readonly KeyDef[], intro: string, width: number): Line[] {
  const lines: Line[] = hanging('', intro, width);
  lines.push([seg('')], [seg(S.helpKeys, 'bold')]);
  for (const k of keys) {
    const names = k.keys.map(keyName).join(' ');
    lines.push(...hanging(`  ${names.padEnd(9)} `, k.help, width, 'bold'));
  }
  if (keys.some((k) => k.action === 'lesson-go')) lines.push([seg('')], ...hanging('', S.answerHelp, width));
  lines.push([seg('')], [seg(S.helpMarks, 'bold')], ...S.marksHelp.map((t) => [seg(`  ${t}`)]));
  lines.push([seg('')], [seg(S.helpScoreboardKey, 'bold')]);
  for (const [letter, meaning] of SLOT_LEGEND) lines.push([seg(`  "${letter}" ${meaning}`)]);
  return lines;
}
