// `/server-status?auto`, line for line as mod_status's short report. Followed: httpd 2.4.x as
// of 2.4.63-2.4.67 (GracefulWorkers since 2.4.58; ConnsAsyncWaitIO since 2.4.63; the event
// block no longer repeats BusyWorkers/IdleWorkers as 2.4.35-2.4.57 did). The older layout was
// read from apache/httpd modules/generators/mod_status.c at 3807df86; the newer lines were
// checked against real 2.4.62 and 2.4.67 output. ExtendedStatus is on, as it is by default
// whenever mod_status is loaded.
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import { aprG, f32, fixed, showTime } from './apr-format.ts';
import { countSlots } from './count.ts';
import { httpdTime } from './time-format.ts';
import { asyncCounts, traffic, upTimeSeconds } from './totals.ts';
import type { ServerInfo } from './types.ts';

/** The field names in the order httpd prints them (optional ones included). */
export const AUTO_FIELD_ORDER = [
  'ServerVersion',
  'ServerMPM',
  'Server Built',
  'CurrentTime',
  'RestartTime',
  'ParentServerConfigGeneration',
  'ParentServerMPMGeneration',
  'ServerUptimeSeconds',
  'ServerUptime',
  'Load1',
  'Load5',
  'Load15',
  'Total Accesses',
  'Total kBytes',
  'Total Duration',
  'CPUUser', // CPU lines: only when CPU times are known
  'CPUSystem',
  'CPUChildrenUser',
  'CPUChildrenSystem',
  'CPULoad', // only when some CPU time was used
  'Uptime',
  'ReqPerSec', // rates: only when uptime > 0
  'BytesPerSec',
  'BytesPerReq', // per-request: only when accesses > 0
  'DurationPerReq',
  'BusyWorkers',
  'GracefulWorkers',
  'IdleWorkers',
  'Processes', // event (an async MPM) only, from here to ConnsAsyncClosing
  'Stopping',
  'ConnsTotal',
  'ConnsAsyncWaitIO',
  'ConnsAsyncWriting',
  'ConnsAsyncKeepAlive',
  'ConnsAsyncClosing',
  'Scoreboard',
] as const;

export function hostLine(info: ServerInfo): string {
  return info.serverName || '127.0.0.1';
}

export function renderStatusAuto(snapshot: ScoreboardSnapshot, info: ServerInfo): string {
  const up = upTimeSeconds(snapshot);
  const t = traffic(snapshot);
  const slots = countSlots(snapshot, info.mpmGeneration);
  const [l1, l5, l15] = info.loadAvg;
  let out =
    `${hostLine(info)}\n` +
    `ServerVersion: ${info.serverVersion}\n` +
    `ServerMPM: ${info.mpm}\n` +
    `Server Built: ${info.serverBuilt}\n` +
    `CurrentTime: ${httpdTime(snapshot.now)}\n` +
    `RestartTime: ${httpdTime(snapshot.restartTime)}\n` +
    `ParentServerConfigGeneration: ${info.configGeneration}\n` +
    `ParentServerMPMGeneration: ${info.mpmGeneration}\n` +
    `ServerUptimeSeconds: ${up}\n` +
    `ServerUptime:${showTime(up)}\n` +
    `Load1: ${fixed(l1, 2)}\nLoad5: ${fixed(l5, 2)}\nLoad15: ${fixed(l15, 2)}\n` +
    `Total Accesses: ${t.accesses}\nTotal kBytes: ${t.kBytes}\nTotal Duration: ${t.durationMs}\n`;
  if (info.cpu) {
    const { user, system, childrenUser, childrenSystem } = info.cpu;
    out += `CPUUser: ${aprG(f32(user))}\nCPUSystem: ${aprG(f32(system))}\nCPUChildrenUser: ${aprG(f32(childrenUser))}\nCPUChildrenSystem: ${aprG(f32(childrenSystem))}\n`;
    const cpu = user + system + childrenUser + childrenSystem;
    if (cpu > 0) out += `CPULoad: ${aprG(up > 0 ? f32(f32(cpu) / up) * 100 : Infinity)}\n`;
  }
  out += `Uptime: ${up}\n`;
  if (up > 0) {
    out += `ReqPerSec: ${aprG(f32(f32(t.accesses) / up))}\n`;
    out += `BytesPerSec: ${aprG(f32(f32(1024 * t.kBytes) / up))}\n`;
  }
  if (t.accesses > 0) {
    out += `BytesPerReq: ${aprG(f32(f32(1024 * t.kBytes) / f32(t.accesses)))}\n`;
    out += `DurationPerReq: ${aprG(f32(f32(t.durationMs) / f32(t.accesses)))}\n`;
  }
  out += `BusyWorkers: ${slots.busy}\nGracefulWorkers: ${slots.graceful}\nIdleWorkers: ${slots.idle}\n`;
  if (info.mpm === 'event') {
    const a = asyncCounts(snapshot);
    out +=
      `Processes: ${a.processes}\nStopping: ${a.stopping}\nConnsTotal: ${a.connsTotal}\n` +
      `ConnsAsyncWaitIO: ${a.waitIo ?? 0}\nConnsAsyncWriting: ${a.writing}\n` +
      `ConnsAsyncKeepAlive: ${a.keepAlive}\nConnsAsyncClosing: ${a.closing}\n`;
  }
  return `${out}Scoreboard: ${slots.cells}\n`;
}
