// Just enough HTML reading for mod_status' tables: rows of cells as text. mod_status writes
// the same simple markup in every 2.x version (no nested tables, no attributes that matter
// but rowspan/colspan), so a few regular expressions read it reliably.

export interface HtmlCell {
  text: string;
  header: boolean; // <th>
  rowspan: number;
  colspan: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function cellText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

function span(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*"?(\\d+)`, 'i').exec(attrs);
  return m ? Math.max(1, Number(m[1])) : 1;
}

/** Every <table>...</table> of the page, as rows of cells. */
export function readTables(html: string): HtmlCell[][][] {
  const tables: HtmlCell[][][] = [];
  for (const t of html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)) {
    const rows: HtmlCell[][] = [];
    for (const r of t[1]!.matchAll(/<tr\b[^>]*>([\s\S]*?)(?=<tr\b|<\/tr>|$)/gi)) {
      const cells: HtmlCell[] = [];
      for (const c of r[1]!.matchAll(/<(td|th)\b([^>]*)>([\s\S]*?)(?=<\/?(?:td|th)\b|$)/gi)) {
        cells.push({ text: cellText(c[3]!), header: c[1]!.toLowerCase() === 'th', rowspan: span(c[2]!, 'rowspan'), colspan: span(c[2]!, 'colspan') });
      }
      if (cells.length) rows.push(cells);
    }
    tables.push(rows);
  }
  return tables;
}
