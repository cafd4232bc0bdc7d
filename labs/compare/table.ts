// `mpm-lab compare` as text: the settings above, then one column per model, one row per
// figure. Pure: the same report always prints the same text.
import type { CompareHeader, ModelRun, ModelSettings } from './types.ts';
import { SHARED_SHOWN } from './settings.ts';

const MB = 1024 * 1024;
const MS_VALUES = new Set(['KeepAliveTimeout', 'Timeout']); // the config keeps these in ms

export const FOOTPRINT_NOTE =
  'processes, threads, RSS: the lab\'s child processes at their peak during the run (the parent is this\n' +
  'command, which also runs the clients). A runtime process is ~55 MB where an httpd child is ~4 MB: compare ratios.';

function shownValue(key: string, value: number | string | boolean): string {
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (MS_VALUES.has(key) && typeof value === 'number') return value % 1000 === 0 ? `${value / 1000} s` : `${value} ms`;
  return String(value);
}

function settingsLine(values: ModelSettings['values'], keys: readonly string[]): string {
  return keys
    .filter((k) => values[k] !== undefined)
    .map((k) => `${k} ${shownValue(k, values[k]!)}`)
    .join(', ');
}

export function renderHeader(header: CompareHeader): string {
  const lines = [`mpm-lab compare, workload ${header.workload}: ${header.description}`];
  lines.push(`Settings (MaxRequestWorkers ${header.maxRequestWorkers} for the three; as httpd reads them, corrections included):`);
  const shared = new Set<string>(SHARED_SHOWN);
  for (const s of header.settings) {
    lines.push(`  ${s.model.padEnd(8)} ${settingsLine(s.values, Object.keys(s.values).filter((k) => !shared.has(k)))}`);
  }
  const first = header.settings[0];
  if (first) lines.push(`  ${'all'.padEnd(8)} ${settingsLine(first.values, SHARED_SHOWN)}`);
  for (const p of header.partial) lines.push(`  --set ${p.set}: ${p.models.join(' and ')} only (the others have no such directive)`);
  for (const s of header.settings) for (const w of s.warnings) lines.push(`  ${s.model}: ${w}`);
  return lines.join('\n') + '\n';
}

function rate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

function ms(value: number, anyOk: boolean): string {
  if (!anyOk) return '-';
  return value >= 10 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function counted(map: Record<string, number>): string {
  const entries = Object.entries(map).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([k, n]) => `${k} x${n}`).join(', ') : '-';
}

function logCodes(lines: readonly string[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const line of lines) {
    const code = /\] (AH\d{5}): /.exec(line)?.[1];
    if (code) codes[code] = (codes[code] ?? 0) + 1;
  }
  return codes;
}

type Row = [label: string, ...cells: string[]];

export function tableRows(runs: readonly ModelRun[]): Row[] {
  const cells = (f: (r: ModelRun) => string) => runs.map(f);
  const rows: Row[] = [['', ...cells((r) => r.model)]];
  rows.push(['requests ok / sent', ...cells((r) => `${r.requests.ok} / ${r.requests.sent}`)]);
  rows.push(['requests per second', ...cells((r) => rate(r.requests.requestsPerSecond))]);
  rows.push(['latency p50', ...cells((r) => ms(r.requests.p50Ms, r.requests.ok > 0))]);
  rows.push(['latency p99', ...cells((r) => ms(r.requests.p99Ms, r.requests.ok > 0))]);
  rows.push(['failed', ...cells((r) => String(r.requests.failed))]);
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.requests.errors)))].sort();
  for (const kind of kinds) rows.push([`  ${kind}`, ...cells((r) => String(r.requests.errors[kind] ?? 0))]);
  if (runs.some((r) => r.crash)) {
    rows.push(['lost in the crash', ...cells((r) => (r.crash ? `${r.crash.lost} of ${r.crash.inFlight}` : '-'))]);
    rows.push(['  busy in that process', ...cells((r) => (r.crash ? String(r.crash.busyInCrashed) : '-'))]);
    rows.push(['  its connections lost', ...cells((r) => (r.crash ? String(r.crash.parentCountedLost) : '-'))]);
  }
  if (runs.some((r) => r.held)) {
    rows.push(['idle clients held', ...cells((r) => (r.held ? String(r.held.held) : '-'))]);
    rows.push(['  on a worker (K)', ...cells((r) => (r.held ? String(r.held.heldBySlots) : '-'))]);
    rows.push(['  parked (listener)', ...cells((r) => (r.held ? String(r.held.parked) : '-'))]);
  }
  if (runs.some((r) => r.slow)) rows.push(['slow clients\' answers', ...cells((r) => (r.slow ? counted(r.slow.answers) : '-'))]);
  rows.push(['processes', ...cells((r) => String(r.footprint.processes))]);
  rows.push(['threads (serving)', ...cells((r) => `${r.footprint.threads} (${r.footprint.servingThreads})`)]);
  rows.push(['total RSS', ...cells((r) => `${Math.round(r.footprint.rssBytes / MB)} MB`)]);
  rows.push(['parent\'s log', ...cells((r) => counted(logCodes(r.log)))]);
  return rows;
}

export function renderTable(runs: readonly ModelRun[]): string {
  const rows = tableRows(runs);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

/** What a person reads: the settings, the table and what its memory figures are. */
export function renderReport(header: CompareHeader, runs: readonly ModelRun[]): string {
  return `${renderHeader(header)}\n${renderTable(runs)}\n${FOOTPRINT_NOTE}\n`;
}
