// mod_status' HTML page, read back: the ExtendedStatus table (one row per slot that has
// served something or is busy) and event's per-process table. Columns are found by their
// headings, so pages with and without the CPU column (an httpd built without times(), or
// the lab) and older layouts read the same.
import { readTables } from './html-table.ts';
import type { HtmlCell } from './html-table.ts';
import type { AsyncProcessRow, ExtendedSlotRow } from './types.ts';

function num(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '' || text.trim() === '-') return null;
  const n = Number.parseFloat(text);
  return Number.isFinite(n) ? n : null;
}

function slotRows(rows: HtmlCell[][]): ExtendedSlotRow[] {
  const names = rows[0]!.map((c) => c.text);
  const col = (row: HtmlCell[], name: string) => {
    const i = names.indexOf(name);
    return i >= 0 ? row[i]?.text : undefined;
  };
  const out: ExtendedSlotRow[] = [];
  for (const row of rows.slice(1)) {
    if (row.some((c) => c.header)) continue;
    const srv = /^(\d+)-(\d+)/.exec(col(row, 'Srv') ?? '');
    if (!srv) continue;
    const acc = (col(row, 'Acc') ?? '').split('/').map((v) => num(v) ?? 0);
    out.push({
      process: Number(srv[1]),
      generation: Number(srv[2]),
      pid: num(col(row, 'PID')) ?? 0,
      mode: (col(row, 'M') ?? '?').slice(0, 1) || '?',
      accessConn: acc[0] ?? 0,
      accessChild: acc[1] ?? 0,
      accessSlot: acc[2] ?? 0,
      secondsSince: num(col(row, 'SS')),
      reqMs: num(col(row, 'Req')),
      client: col(row, 'Client') ?? '',
      protocol: col(row, 'Protocol') ?? '',
      vhost: col(row, 'VHost') ?? '',
      request: col(row, 'Request') ?? '',
    });
  }
  return out;
}

/** Column names of a two-row heading: "Slot", "PID", "Connections total", "Async connections keep-alive"... */
function twoRowHeading(first: HtmlCell[], second: HtmlCell[]): string[] {
  const names: string[] = [];
  let k = 0;
  for (const c of first) {
    if (c.rowspan > 1 || c.colspan === 1) names.push(c.text);
    else for (let i = 0; i < c.colspan; i++) names.push(`${c.text} ${second[k++]?.text ?? ''}`.trim());
  }
  return names;
}

function processRows(rows: HtmlCell[][]): AsyncProcessRow[] {
  const names = twoRowHeading(rows[0]!, rows[1] ?? []);
  const pick = (row: HtmlCell[], ...keys: string[]) => {
    for (const key of keys) {
      const i = names.indexOf(key);
      if (i >= 0) return row[i]?.text;
    }
    return undefined;
  };
  const out: AsyncProcessRow[] = [];
  for (const row of rows.slice(2)) {
    const slot = num(row[0]?.text);
    const pid = num(row[1]?.text);
    if (slot === null || pid === null || row[0]?.text === 'Sum') continue;
    out.push({
      slot,
      pid,
      stopping: pick(row, 'Stopping') ?? '',
      connections: num(pick(row, 'Connections total')),
      accepting: pick(row, 'Connections accepting') ?? null,
      busy: num(pick(row, 'Threads busy')),
      idle: num(pick(row, 'Threads idle')),
      keepAlive: num(pick(row, 'Async connections keep-alive')),
      closing: num(pick(row, 'Async connections closing')),
      writing: num(pick(row, 'Async connections writing')),
    });
  }
  return out;
}

export interface ParsedStatusPage {
  extended: boolean;
  slots: ExtendedSlotRow[];
  processes: AsyncProcessRow[];
}

export function parseStatusPage(html: string): ParsedStatusPage {
  let slots: ExtendedSlotRow[] = [];
  let processes: AsyncProcessRow[] = [];
  let extended = false;
  for (const rows of readTables(html)) {
    const heading = rows[0]?.map((c) => c.text) ?? [];
    if (heading[0] === 'Srv' && heading.includes('PID') && heading.includes('M')) {
      extended = true;
      slots = slotRows(rows);
    } else if (heading[0] === 'Slot' && heading[1] === 'PID') {
      processes = processRows(rows);
    }
  }
  return { extended, slots, processes };
}
