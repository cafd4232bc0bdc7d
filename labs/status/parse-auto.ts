// Reading `?auto` output from the lab or from a real Apache (2.2 to 2.4.x), for `mpm-lab
// watch URL` and the tests. Unknown fields are kept; lines after Scoreboard that other
// modules add (mod_ssl's TLSSessionCacheStatus, say) are kept too, unless they reuse a key.
import type { AsyncCounts, ParsedStatus } from './types.ts';

function int(fields: Record<string, string>, key: string): number | undefined {
  const raw = fields[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number.parseFloat(raw); // ".95" and "1.e+10" are what APR prints
  return Number.isFinite(n) ? n : undefined;
}

export function parseStatusAuto(text: string): ParsedStatus {
  const fields: Record<string, string> = {};
  let hostName = '';
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line === '') return;
    const colon = line.indexOf(':');
    // "ServerUptime:" has nothing after the colon when uptime is 0
    const isField = colon > 0 && (line[colon + 1] === ' ' || colon === line.length - 1);
    if (!isField) {
      if (index === 0) hostName = line.trim(); // the first line names the host (2.4.13+)
      return;
    }
    const key = line.slice(0, colon);
    if (key in fields) return; // event in 2.4.35-2.4.57 repeats BusyWorkers/IdleWorkers: keep the first
    fields[key] = line.slice(colon + 1).trim();
  });
  const scoreboard = fields['Scoreboard'] ?? '';
  const counts: Record<string, number> = {};
  for (const ch of scoreboard) counts[ch] = (counts[ch] ?? 0) + 1;
  let async: AsyncCounts | undefined;
  if (fields['ConnsTotal'] !== undefined || fields['Processes'] !== undefined) {
    async = {
      processes: int(fields, 'Processes') ?? 0,
      stopping: int(fields, 'Stopping') ?? 0,
      connsTotal: int(fields, 'ConnsTotal') ?? 0,
      waitIo: int(fields, 'ConnsAsyncWaitIO'),
      writing: int(fields, 'ConnsAsyncWriting') ?? 0,
      keepAlive: int(fields, 'ConnsAsyncKeepAlive') ?? 0,
      closing: int(fields, 'ConnsAsyncClosing') ?? 0,
    };
  }
  return {
    hostName,
    fields,
    serverMPM: fields['ServerMPM'],
    busyWorkers: int(fields, 'BusyWorkers') ?? 0,
    idleWorkers: int(fields, 'IdleWorkers') ?? 0,
    gracefulWorkers: int(fields, 'GracefulWorkers'),
    async,
    scoreboard,
    counts,
  };
}
