// A line of the UI as coloured segments. View models build these; the panes turn them into
// blessed's tag markup, or into plain text when colour is off (NO_COLOR): no escape at all.
// Widths count code points: the UI prints ASCII and a few one-column symbols only.

export type Tone = 'dim' | 'bold' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'inverse';

export interface Seg {
  text: string;
  tone?: Tone;
}

export type Line = Seg[];

export const seg = (text: string, tone?: Tone): Seg => (tone ? { text, tone } : { text });

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cuts a line to `max` columns; a cut ends with "…". */
export function clipLine(line: Line, max: number): Line {
  if (width(lineText(line)) <= max) return line;
  const out: Line = [];
  let left = Math.max(0, max - 1);
  for (const s of line) {
    if (left <= 0) break;
    const chars = [...s.text];
    const piece = chars.slice(0, left).join('');
    out.push({ ...s, text: piece });
    left -= Math.min(left, chars.length);
  }
  if (max > 0) out.push(seg('…'));
  return out;
}

/** Pads or cuts text to exactly `w` columns. */
export function fit(text: string, w: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > w) return w <= 0 ? '' : chars.slice(0, w - 1).join('') + '…';
  const pad = ' '.repeat(w - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

const TAG: Record<Tone, string> = {
  dim: 'gray-fg',
  bold: 'bold',
  red: 'red-fg',
  green: 'green-fg',
  yellow: 'yellow-fg',
  blue: 'blue-fg',
  magenta: 'magenta-fg',
  cyan: 'cyan-fg',
  inverse: 'inverse',
};

/** blessed's tags treat "{" specially; escape it (and "}") in text. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/**
 * blessed markup for a line. Without colour, tones that are colours are dropped and only
 * bold and inverse remain (they are not colour, and keep titles readable); `plain` drops all.
 */
export function toMarkup(line: Line, mode: 'color' | 'mono' | 'plain'): string {
  return line
    .map((s) => {
      const text = escapeTags(s.text);
      if (!s.tone || mode === 'plain') return text;
      if (mode === 'mono' && s.tone !== 'bold' && s.tone !== 'inverse') return text;
      const tag = TAG[s.tone];
      return `{${tag}}${text}{/${tag}}`;
    })
    .join('');
}

/**
 * Parts laid out in lines of at most `w` columns, `gap` between parts on a line: a title
 * that does not fit wraps between its parts instead of being cut. A part longer than the
 * line is cut.
 */
export function wrapParts(parts: readonly string[], w: number, gap = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line && width(line) + gap.length + width(part) > w) {
      lines.push(line);
      line = '';
    }
    line = line ? line + gap + part : part;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l) => fit(l, w));
}
