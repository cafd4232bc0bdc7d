// Fixed-width cells for the 80-column text views. Widths count characters; the views print
// ASCII and the few one-column symbols below.

/** Pads or cuts `text` to exactly `width` characters; a cut ends with "…". */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > width) return width <= 0 ? '' : chars.slice(0, width - 1).join('') + '…';
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

/** Cuts `text` to at most `width` characters, without padding. */
export function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? chars.slice(0, Math.max(0, width - 1)).join('') + '…' : text;
}

/** Items joined by ", " into lines of at most `width` characters, breaking after a comma. */
export function wrapList(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    const candidate = line ? `${line} ${piece}` : piece;
    if (line && candidate.length > width) {
      lines.push(line);
      line = piece;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}
