// `/server-status` as HTML, laid out as mod_status's page with ExtendedStatus On (httpd
// 2.4.67): heading, server lines, event's per-process table, the scoreboard grid and its key,
// then one row per slot that has served something or is busy. The per-slot CPU column is left
// out, as in an httpd built without times(): the lab does not measure CPU per thread.
import { escapeHtml } from '../http/escape-html.ts';
import { SLOT, SLOT_LEGEND } from '../scoreboard/types.ts';
import type { ProcessSnapshot, ScoreboardSnapshot, SlotSnapshot } from '../scoreboard/types.ts';
import { aprG, f32, fixed, formatBytes, formatKBytes, showTime } from './apr-format.ts';
import { countSlots } from './count.ts';
import { httpdTime } from './time-format.ts';
import { traffic, upTimeSeconds } from './totals.ts';
import type { ServerInfo, SlotCounts } from './types.ts';

const STATUS_MAXLINE = 64; // cells per line of the grid
const KBYTE = 1024;
const MBYTE = 1048576;

function header(snapshot: ScoreboardSnapshot, info: ServerInfo, up: number): string {
  const name = escapeHtml(info.serverName || '127.0.0.1');
  const [l1, l5, l15] = info.loadAvg;
  return (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n' +
    '<html><head>\n<title>Apache Status</title>\n</head><body>\n' +
    `<h1>Apache Server Status for ${name} (via ${escapeHtml(info.localIp ?? '127.0.0.1')})</h1>\n\n` +
    `<dl><dt>Server Version: ${escapeHtml(info.serverVersion)}</dt>\n` +
    `<dt>Server MPM: ${info.mpm}</dt>\n` +
    `<dt>Server Built: ${escapeHtml(info.serverBuilt)}\n</dt></dl><hr /><dl>\n` +
    `<dt>Current Time: ${httpdTime(snapshot.now)}</dt>\n` +
    `<dt>Restart Time: ${httpdTime(snapshot.restartTime)}</dt>\n` +
    `<dt>Parent Server Config. Generation: ${info.configGeneration}</dt>\n` +
    `<dt>Parent Server MPM Generation: ${info.mpmGeneration}</dt>\n` +
    `<dt>Server uptime: ${showTime(up)}</dt>\n` +
    `<dt>Server load: ${fixed(l1, 2)} ${fixed(l5, 2)} ${fixed(l15, 2)}</dt>\n`
  );
}

function totalsLines(snapshot: ScoreboardSnapshot, info: ServerInfo, up: number): string {
  const t = traffic(snapshot);
  let out = `<dt>Total accesses: ${t.accesses} - Total Traffic: ${formatKBytes(t.kBytes)} - Total Duration: ${t.durationMs}</dt>\n`;
  if (info.cpu) {
    const { user, system, childrenUser, childrenSystem } = info.cpu;
    out += `<dt>CPU Usage: u${aprG(f32(user))} s${aprG(f32(system))} cu${aprG(f32(childrenUser))} cs${aprG(f32(childrenSystem))}`;
    const cpu = user + system + childrenUser + childrenSystem;
    out += cpu > 0 ? ` - ${aprG(up > 0 ? f32(f32(cpu) / up) * 100 : Infinity, 3)}% CPU load</dt>\n` : '</dt>\n';
  }
  out += '<dt>';
  if (up > 0) {
    out += `${aprG(f32(f32(t.accesses) / up), 3)} requests/sec - `;
    out += `${formatBytes(Math.trunc(f32(f32(KBYTE * t.kBytes) / up)))}/second`;
  }
  if (t.accesses > 0) {
    if (up > 0) out += ' - ';
    out += `${formatBytes(Math.trunc(f32(f32(KBYTE * t.kBytes) / t.accesses)))}/request`;
    out += ` - ${aprG(f32(f32(t.durationMs) / t.accesses))} ms/request`;
  }
  return `${out}</dt>\n`;
}

function processTable(snapshot: ScoreboardSnapshot, info: ServerInfo, counts: SlotCounts): string {
  let out =
    '\n\n<table rules="all" cellpadding="1%">\n' +
    '<tr><th rowspan="2">Slot</th><th rowspan="2">PID</th><th rowspan="2">Stopping</th><th colspan="2">Connections</th>\n' +
    '<th colspan="3">Threads</th><th colspan="4">Async connections</th></tr>\n' +
    '<tr><th>total</th><th>accepting</th><th>busy</th><th>graceful</th><th>idle</th>' +
    '<th>wait-io</th><th>writing</th><th>keep-alive</th><th>closing</th></tr>\n';
  const sum = { procs: 0, stopping: 0, conns: 0, busy: 0, graceful: 0, idle: 0, waitIo: 0, writing: 0, keepAlive: 0, closing: 0 };
  snapshot.processes.forEach((ps: ProcessSnapshot, i: number) => {
    if (!ps.pid) return;
    const threads = counts.perProcess[i] ?? { busy: 0, graceful: 0, idle: 0 };
    sum.procs++;
    if (ps.quiescing) sum.stopping++;
    sum.conns += ps.connections;
    sum.busy += threads.busy;
    sum.graceful += threads.graceful;
    sum.idle += threads.idle;
    sum.waitIo += ps.waitIo;
    sum.writing += ps.writing;
    sum.keepAlive += ps.keepAlive;
    sum.closing += ps.closing;
    const stopping = (ps.quiescing ? 'yes' : 'no') + (ps.generation !== info.mpmGeneration ? ' (old gen)' : '');
    out +=
      `<tr><td>${i}</td><td>${ps.pid}</td><td>${stopping}</td><td>${ps.connections}</td><td>${ps.notAccepting ? 'no' : 'yes'}</td>` +
      `<td>${threads.busy}</td><td>${threads.graceful}</td><td>${threads.idle}</td>` +
      `<td>${ps.waitIo}</td><td>${ps.writing}</td><td>${ps.keepAlive}</td><td>${ps.closing}</td></tr>\n`;
  });
  return (
    out +
    `<tr><td>Sum</td><td>${sum.procs}</td><td>${sum.stopping}</td><td>${sum.conns}</td><td>&nbsp;</td>` +
    `<td>${sum.busy}</td><td>${sum.graceful}</td><td>${sum.idle}</td>` +
    `<td>${sum.waitIo}</td><td>${sum.writing}</td><td>${sum.keepAlive}</td><td>${sum.closing}</td></tr>\n</table>\n`
  );
}

function grid(cells: string): string {
  let out = '<pre>';
  for (let i = 0; i < cells.length; i += STATUS_MAXLINE) {
    const line = cells.slice(i, i + STATUS_MAXLINE);
    out += line.length === STATUS_MAXLINE ? `${line}\n` : line; // a newline after every 64th cell
  }
  out += '</pre>\n<p>Scoreboard Key:<br />\n';
  SLOT_LEGEND.forEach(([letter, meaning], i) => {
    const last = i === SLOT_LEGEND.length - 1;
    out += `"<b><code>${letter}</code></b>" ${meaning}${last ? '<br />' : i % 3 === 2 ? ',<br />' : ','}\n`;
  });
  return `${out}</p>\n`;
}

/** ap_escape_logitem: how a request line is made printable before it is HTML-escaped. */
function escapeLogItem(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

const MODE: Record<string, string> = {
  [SLOT.READY]: '_',
  [SLOT.STARTING]: '<b>S</b>',
  [SLOT.BUSY_READ]: '<b>R</b>',
  [SLOT.BUSY_WRITE]: '<b>W</b>',
  [SLOT.BUSY_KEEPALIVE]: '<b>K</b>',
  [SLOT.BUSY_LOG]: '<b>L</b>',
  [SLOT.BUSY_DNS]: '<b>D</b>',
  [SLOT.CLOSING]: '<b>C</b>',
  [SLOT.DEAD]: '.',
  [SLOT.GRACEFUL]: 'G',
  [SLOT.IDLE_KILL]: 'I',
};

/** "HTTP/1.1" at the end of a request line, as the Protocol column's "http/1.1". */
function protocolOf(request: string): string {
  const at = request.lastIndexOf(' HTTP/');
  return at === -1 ? '' : request.slice(at + 1).toLowerCase();
}

function slotRow(snapshot: ScoreboardSnapshot, info: ServerInfo, ps: ProcessSnapshot, ws: SlotSnapshot): string {
  const generation = ws.pid ? ws.generation : ps.generation;
  const pid = ws.status === SLOT.DEAD ? '-' : String(ws.pid || ps.pid);
  const reqTime = ws.requestStart === 0 ? 0 : Math.max(0, Math.trunc(ws.requestEnd - ws.requestStart));
  const since = Math.trunc((snapshot.now - ws.lastUsed) / 1000);
  return (
    `<tr><td><b>${ws.process}-${generation}</b></td><td>${pid}</td><td>${ws.connCount}/${ws.myAccessCount}/${ws.accessCount}` +
    `</td><td>${MODE[ws.status] ?? '?'}\n</td>` +
    `<td>${since}</td><td>${reqTime}</td><td>${Math.trunc(ws.durationTotal)}` +
    `</td><td>${fixed(ws.connBytes / KBYTE, 1)}</td><td>${fixed(ws.myBytesServed / MBYTE, 2)}</td><td>${fixed(ws.bytesServed / MBYTE, 2)}\n` +
    `</td><td>${escapeHtml(ws.client)}</td><td>${escapeHtml(protocolOf(ws.request))}</td>` +
    `<td nowrap>${escapeHtml(info.vhost ?? info.serverName)}</td><td nowrap>${escapeHtml(escapeLogItem(ws.request))}</td></tr>\n\n`
  );
}

function slotTable(snapshot: ScoreboardSnapshot, info: ServerInfo): string {
  let out =
    '\n\n<table border="0"><tr><th>Srv</th><th>PID</th><th>Acc</th><th>M</th>' +
    '<th>SS</th><th>Req</th><th>Dur</th><th>Conn</th><th>Child</th><th>Slot</th>' +
    '<th>Client</th><th>Protocol</th><th>VHost</th><th>Request</th></tr>\n\n';
  snapshot.slots.forEach((row, i) => {
    const ps = snapshot.processes[i]!;
    for (const ws of row) {
      if (ws.accessCount === 0 && (ws.status === SLOT.READY || ws.status === SLOT.DEAD)) continue;
      out += slotRow(snapshot, info, ps, ws);
    }
  });
  return (
    out +
    '</table>\n <hr /> <table>\n' +
    ' <tr><th>Srv</th><td>Child Server number - generation</td></tr>\n' +
    ' <tr><th>PID</th><td>OS process ID</td></tr>\n' +
    ' <tr><th>Acc</th><td>Number of accesses this connection / this child / this slot</td></tr>\n' +
    ' <tr><th>M</th><td>Mode of operation</td></tr>\n' +
    '<tr><th>SS</th><td>Seconds since beginning of most recent request</td></tr>\n' +
    ' <tr><th>Req</th><td>Milliseconds required to process most recent request</td></tr>\n' +
    ' <tr><th>Dur</th><td>Sum of milliseconds required to process all requests</td></tr>\n' +
    ' <tr><th>Conn</th><td>Kilobytes transferred this connection</td></tr>\n' +
    ' <tr><th>Child</th><td>Megabytes transferred this child</td></tr>\n' +
    ' <tr><th>Slot</th><td>Total megabytes transferred this slot</td></tr>\n' +
    ' </table>\n'
  );
}

export function renderStatusHtml(snapshot: ScoreboardSnapshot, info: ServerInfo): string {
  const up = upTimeSeconds(snapshot);
  const counts = countSlots(snapshot, info.mpmGeneration);
  let out = header(snapshot, info, up) + totalsLines(snapshot, info, up);
  out += `<dt>${counts.busy} requests currently being processed, ${counts.graceful} workers gracefully restarting, ${counts.idle} idle workers</dt>\n</dl>`;
  if (info.mpm === 'event') out += processTable(snapshot, info, counts);
  out += grid(counts.cells);
  out += slotTable(snapshot, info);
  return `${out}</body></html>\n`;
}
