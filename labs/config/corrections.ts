// httpd 2.4's corrections of the MPM settings, in httpd's order and with httpd's words:
// prefork.c prefork_check_config + prefork_run, worker.c worker_check_config + worker_run,
// event.c event_check_config + event_run (one listener bucket, ListenCoresBucketsRatio unset).
// The *_run adjustments are silent in httpd; the lab adds a note for each.

import { explain } from './explain.ts';
import type { HttpdWarning, LabNote, ModelName } from './types.ts';

export interface MpmSettings {
  StartServers: number;
  MinSpareServers: number;
  MaxSpareServers: number;
  MinSpareThreads: number;
  MaxSpareThreads: number;
  MaxRequestWorkers: number;
  ServerLimit: number;
  ThreadsPerChild: number;
  ThreadLimit: number;
}

export interface Change {
  directive: keyof MpmSettings;
  from: number;
  to: number;
  code?: string; // the AH number of httpd's warning; none when httpd is silent
}

export interface CorrectionResult {
  values: MpmSettings;
  warnings: HttpdWarning[];
  notes: LabNote[];
  changes: Change[];
}

/** Compile-time limits (MAX_SERVER_LIMIT, MAX_THREAD_LIMIT) of each MPM in httpd 2.4. */
export const HARD_LIMITS: Readonly<Record<ModelName, { servers: number; threads: number }>> = {
  prefork: { servers: 200000, threads: 1 },
  worker: { servers: 20000, threads: 20000 },
  event: { servers: 20000, threads: 100000 },
};

/** AH numbers of the startup warnings, per MPM, in check_config order. */
const CODES = {
  worker: {
    serverLimitHigh: 'AH00300', serverLimitLow: 'AH00302', threadLimitHigh: 'AH00305', threadLimitLow: 'AH00307',
    threadsHigh: 'AH00310', threadsLow: 'AH00312', workersLow: 'AH00314', workersMultiple: 'AH00316',
    workersServerLimit: 'AH00318', startLow: 'AH00320', minSpareLow: 'AH00322',
  },
  event: {
    serverLimitHigh: 'AH00497', serverLimitLow: 'AH00499', threadLimitHigh: 'AH00502', threadLimitLow: 'AH00504',
    threadsHigh: 'AH00507', threadsLow: 'AH00509', workersLow: 'AH00511', workersMultiple: 'AH00513',
    workersServerLimit: 'AH00515', startLow: 'AH00517', minSpareLow: 'AH00519',
  },
} as const;

class Log {
  readonly warnings: HttpdWarning[] = [];
  readonly notes: LabNote[] = [];
  readonly changes: Change[] = [];
  constructor(readonly v: MpmSettings) {}
  set(directive: keyof MpmSettings, to: number, code?: string, text?: string): void {
    if (code && text) this.warnings.push({ code, text, directive });
    if (this.v[directive] !== to) this.changes.push({ directive, from: this.v[directive], to, ...(code ? { code } : {}) });
    this.v[directive] = to;
  }
}

export function correctPrefork(input: MpmSettings): CorrectionResult {
  const log = new Log({ ...input, ThreadsPerChild: 1, ThreadLimit: 1 });
  const v = log.v;
  const MAX = HARD_LIMITS.prefork.servers;
  // prefork_check_config
  if (v.ServerLimit > MAX) {
    log.set('ServerLimit', MAX, 'AH00175', `WARNING: ServerLimit of ${v.ServerLimit} exceeds compile-time limit of ${MAX} servers, decreasing to ${MAX}.`);
  } else if (v.ServerLimit < 1) {
    log.set('ServerLimit', 1, 'AH00177', `WARNING: ServerLimit of ${v.ServerLimit} not allowed, increasing to 1.`);
  }
  if (v.MaxRequestWorkers > v.ServerLimit) {
    log.set('MaxRequestWorkers', v.ServerLimit, 'AH00180',
      `WARNING: MaxRequestWorkers of ${v.MaxRequestWorkers} exceeds ServerLimit value of ${v.ServerLimit} servers, decreasing MaxRequestWorkers to ${v.ServerLimit}. To increase, please see the ServerLimit directive.`);
  } else if (v.MaxRequestWorkers < 1) {
    log.set('MaxRequestWorkers', 1, 'AH00182', `WARNING: MaxRequestWorkers of ${v.MaxRequestWorkers} not allowed, increasing to 1.`);
  }
  if (v.StartServers < 1) {
    log.set('StartServers', 1, 'AH00184', `WARNING: StartServers of ${v.StartServers} not allowed, increasing to 1.`);
  }
  if (v.MinSpareServers < 1) {
    log.set('MinSpareServers', 1, 'AH00186',
      `WARNING: MinSpareServers of ${v.MinSpareServers} not allowed, increasing to 1 to avoid almost certain server failure. Please read the documentation.`);
  }
  // prefork_run, silent
  if (v.MaxSpareServers < v.MinSpareServers + 1) {
    log.notes.push(explain.maxSpareServersRaised(v.MaxSpareServers, v.MinSpareServers + 1));
    log.set('MaxSpareServers', v.MinSpareServers + 1);
  }
  if (v.StartServers > v.MaxRequestWorkers) {
    log.notes.push(explain.startServersCapped('child processes', v.StartServers, v.MaxRequestWorkers));
    log.set('StartServers', v.MaxRequestWorkers);
  }
  // prefork has no spare threads: httpd's mpm_query answers 0 for them.
  v.MinSpareThreads = 0;
  v.MaxSpareThreads = 0;
  return { values: v, warnings: log.warnings, notes: log.notes, changes: log.changes };
}

export function correctThreaded(model: 'worker' | 'event', input: MpmSettings): CorrectionResult {
  const log = new Log({ ...input });
  const v = log.v;
  const code = CODES[model];
  const { servers: MAX_SERVERS, threads: MAX_THREADS } = HARD_LIMITS[model];
  // worker_check_config / event_check_config
  if (v.ServerLimit > MAX_SERVERS) {
    log.set('ServerLimit', MAX_SERVERS, code.serverLimitHigh,
      `WARNING: ServerLimit of ${v.ServerLimit} exceeds compile-time limit of ${MAX_SERVERS} servers, decreasing to ${MAX_SERVERS}.`);
  } else if (v.ServerLimit < 1) {
    log.set('ServerLimit', 1, code.serverLimitLow, `WARNING: ServerLimit of ${v.ServerLimit} not allowed, increasing to 1.`);
  }
  if (v.ThreadLimit > MAX_THREADS) {
    log.set('ThreadLimit', MAX_THREADS, code.threadLimitHigh,
      `WARNING: ThreadLimit of ${v.ThreadLimit} exceeds compile-time limit of ${MAX_THREADS} threads, decreasing to ${MAX_THREADS}.`);
  } else if (v.ThreadLimit < 1) {
    log.set('ThreadLimit', 1, code.threadLimitLow, `WARNING: ThreadLimit of ${v.ThreadLimit} not allowed, increasing to 1.`);
  }
  if (v.ThreadsPerChild > v.ThreadLimit) {
    log.set('ThreadsPerChild', v.ThreadLimit, code.threadsHigh,
      `WARNING: ThreadsPerChild of ${v.ThreadsPerChild} exceeds ThreadLimit of ${v.ThreadLimit} threads, decreasing to ${v.ThreadLimit}. To increase, please see the ThreadLimit directive.`);
  } else if (v.ThreadsPerChild < 1) {
    log.set('ThreadsPerChild', 1, code.threadsLow, `WARNING: ThreadsPerChild of ${v.ThreadsPerChild} not allowed, increasing to 1.`);
  }
  const tpc = v.ThreadsPerChild;
  if (v.MaxRequestWorkers < tpc) {
    log.set('MaxRequestWorkers', tpc, code.workersLow,
      `WARNING: MaxRequestWorkers of ${v.MaxRequestWorkers} is less than ThreadsPerChild of ${tpc}, increasing to ${tpc}. MaxRequestWorkers must be at least as large as the number of threads in a single server.`);
  }
  let daemonsLimit = Math.trunc(v.MaxRequestWorkers / tpc);
  if (v.MaxRequestWorkers % tpc) {
    const multiple = daemonsLimit * tpc;
    log.set('MaxRequestWorkers', multiple, code.workersMultiple,
      `WARNING: MaxRequestWorkers of ${v.MaxRequestWorkers} is not an integer multiple of ThreadsPerChild of ${tpc}, decreasing to nearest multiple ${multiple}, for a maximum of ${daemonsLimit} servers.`);
  }
  if (daemonsLimit > v.ServerLimit) {
    const effective = v.ServerLimit * tpc;
    log.warnings.push({
      code: code.workersServerLimit,
      directive: 'MaxRequestWorkers',
      text: `WARNING: MaxRequestWorkers of ${v.MaxRequestWorkers} would require ${daemonsLimit} servers and would exceed ServerLimit of ${v.ServerLimit}, decreasing to ${effective}. To increase, please see the ServerLimit directive.`,
    });
    log.notes.push(explain.processLimitOnly(v.MaxRequestWorkers, effective));
    daemonsLimit = v.ServerLimit;
    log.set('MaxRequestWorkers', effective, code.workersServerLimit);
  }
  if (v.StartServers < 1) {
    log.set('StartServers', 1, code.startLow, `WARNING: StartServers of ${v.StartServers} not allowed, increasing to 1.`);
  }
  if (v.MinSpareThreads < 1) {
    log.set('MinSpareThreads', 1, code.minSpareLow,
      `WARNING: MinSpareThreads of ${v.MinSpareThreads} not allowed, increasing to 1 to avoid almost certain server failure. Please read the documentation.`);
  }
  // worker_run / event_run with one listener bucket, silent
  const minMax = v.MinSpareThreads + tpc + 1;
  if (v.MaxSpareThreads < minMax) {
    log.notes.push(explain.maxSpareThreadsRaised(v.MaxSpareThreads, minMax));
    log.set('MaxSpareThreads', minMax);
  }
  if (v.StartServers > daemonsLimit) {
    log.notes.push(explain.startServersCapped('child processes', v.StartServers, daemonsLimit));
    log.set('StartServers', daemonsLimit);
  }
  // worker and event have no idle-process counts: httpd's mpm_query answers 0 for them.
  v.MinSpareServers = 0;
  v.MaxSpareServers = 0;
  return { values: v, warnings: log.warnings, notes: log.notes, changes: log.changes };
}

export function applyCorrections(model: ModelName, input: MpmSettings): CorrectionResult {
  return model === 'prefork' ? correctPrefork(input) : correctThreaded(model, input);
}
