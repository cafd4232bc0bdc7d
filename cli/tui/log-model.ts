// The parent's log in httpd's words, newest last, wrapped to the pane. Pure; the buffer keeps
// the last few hundred entries.
import type { LogEntry } from '../../labs/log/error-log.ts';
import { clipLine, fit, lineText, seg, width as textWidth } from './line.ts';
import { STRINGS as S } from './strings.ts';
import type { Line } from './line.ts';
import type { PaneSpec } from './layout.ts';
import { levelTone } from './tones.ts';

export const LOG_KEEP = 300;

export interface LogItem {
  time: number;
  level: LogEntry['level'] | 'watch';
  text: string; // "AH00052: child pid 1234 exit signal Aborted (6)"
}

/** The title and three lines at least (an httpd message wraps to two or three); the rest. */
export const LOG_SPEC: PaneSpec = { id: 'log', need: () => ({ min: 4, want: Infinity }) };

export class LogBuffer {
  readonly items: LogItem[] = [];
  version = 0;
  constructor(private readonly keep = LOG_KEEP) {}

  push(item: LogItem): void {
    this.items.push(item);
    if (this.items.length > this.keep) this.items.splice(0, this.items.length - this.keep);
    this.version++;
  }

  pushEntry(e: LogEntry): void {
    this.push(logItem(e));
  }
}

/** An error_log entry in httpd's words: "AH00052: child pid 1234 exit signal Aborted (6)". */
export function logItem(e: LogEntry): LogItem {
  return { time: e.time, level: e.level, text: `${e.code ? `${e.code}: ` : ''}${e.text}` };
}

const two = (n: number) => String(n).padStart(2, '0');

export function clock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Splits text into pieces of at most `w` columns, at spaces where it can. */
export function wrap(text: string, w: number): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > w) {
    const chars = [...rest];
    let cut = chars.slice(0, w + 1).join('').lastIndexOf(' ');
    if (cut <= 0) cut = chars.slice(0, w).join('').length;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

function itemLines(item: LogItem, width: number): Line[] {
  const stamp = `${clock(item.time)} `;
  const level = item.level === 'watch' ? '' : `${item.level} `;
  const head = stamp + level;
  const pieces = wrap(item.text, Math.max(10, width - head.length));
  const tone = item.level === 'watch' ? 'yellow' : levelTone(item.level);
  return pieces.map((p, i) =>
    i === 0 ? [seg(stamp, 'dim'), seg(level, tone ?? 'dim'), seg(p, tone)] : [seg(' '.repeat(head.length)), seg(p, tone)],
  );
}

/**
 * The title and the newest entries that fit `height` lines whole. When the newest alone does
 * not fit, its start (an httpd message says what happened first, why after) and "…".
 */
export function logLines(buffer: LogBuffer, title: string, width: number, height: number): Line[] {
  const lines: Line[] = [[seg(fit(title, width), 'inverse')]];
  const room = Math.max(0, height - 1);
  const body: Line[] = [];
  for (let i = buffer.items.length - 1; i >= 0; i--) {
    const item = itemLines(buffer.items[i]!, width);
    if (body.length + item.length > room) {
      if (body.length === 0 && room > 0) {
        const shown = item.slice(0, room);
        const last = shown[shown.length - 1]!;
        shown[shown.length - 1] = textWidth(lineText(last)) < width ? [...last, seg(S.logCut)] : clipLine(last, width);
        body.push(...shown);
      }
      break;
    }
    body.unshift(...item);
  }
  return [...lines, ...body];
}
