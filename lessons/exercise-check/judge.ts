// Judges a verify run: the goal against what was measured, and the cause of a failure read
// from the settings httpd would run with. Pure: facts in, section ids and facts out; the words
// are in the exercise's Markdown.
import type { ExerciseDef, FactValue, JudgedConfig, Measured, Verdict, Workload } from './types.ts';

/** How many requests need a worker (a prefork child or a thread) at the same moment. */
export function demand(workload: Workload, config: JudgedConfig): number {
  switch (workload.kind) {
    case 'slow-requests':
      return workload.clients;
    case 'keep-alive-then-fresh':
      // event parks idle keep-alive connections in the listener; elsewhere each holds a worker
      return workload.fresh + keepAliveWorkers(workload.held, config);
    case 'slow-headers-then-fresh':
      // a slow client holds its worker while it trickles (R), on every model
      return workload.slow + workload.fresh;
    case 'mixed':
      return workload.clients + workload.slow + keepAliveWorkers(workload.keepAlive, config);
  }
}

/** The reason the clients were late, as the settings explain it; 'unexplained' when they do not. */
export function cause(workload: Workload, config: JudgedConfig): string {
  const need = demand(workload, config);
  const enough = config.maxRequestWorkers >= need;
  if (!enough && config.workersWarning !== null) return 'corrected';
  switch (workload.kind) {
    case 'slow-requests':
      if (!enough) return 'workers-below';
      if (config.startServers * config.threadsPerChild < need) return 'spawn-late';
      return 'unexplained';
    case 'keep-alive-then-fresh':
      if (!enough) return 'keep-alive-holds';
      return 'unexplained';
    case 'slow-headers-then-fresh':
      if (!enough && config.requestReadTimeout === null) return 'slow-headers-hold';
      if (!enough) return 'read-timeout-long';
      return 'unexplained';
    case 'mixed':
      if (!enough) return keepAliveWorkers(workload.keepAlive, config) > 0 && config.maxRequestWorkers >= need - workload.keepAlive ? 'keep-alive-holds' : 'workers-below';
      if (config.startServers * config.threadsPerChild < need) return 'spawn-late';
      return 'unexplained';
  }
}

/** Workers the idle keep-alive clients hold: none on event (parked in the listener) or with KeepAlive Off. */
export function keepAliveWorkers(clients: number, config: Pick<JudgedConfig, 'model' | 'keepAlive'>): number {
  return config.model === 'event' || !config.keepAlive ? 0 : clients;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export function judge(def: Pick<ExerciseDef, 'workload' | 'goal'>, config: JudgedConfig, m: Measured): Verdict {
  const findings: string[] = [];
  if (m.late > 0) findings.push('late', cause(def.workload, config));
  if (def.goal.maxProcesses !== undefined && m.peakProcesses > def.goal.maxProcesses) findings.push('too-many-processes');
  if (def.goal.threadsPerChild !== undefined && config.threadsPerChild !== def.goal.threadsPerChild) findings.push('threads-per-child');
  const facts: Record<string, FactValue> = {
    model: config.model,
    clients: m.clients,
    answered: m.answered,
    late: m.late,
    limitS: seconds(def.goal.limitMs),
    longestS: seconds(m.longestMs),
    longestMs: Math.round(m.longestMs),
    peakProcesses: m.peakProcesses,
    maxProcesses: def.goal.maxProcesses ?? 0,
    peakRssMb: Math.round(m.peakRssMb),
    held: m.held,
    answered408: m.heldAnswered408,
    demand: demand(def.workload, config),
    maxRequestWorkers: config.maxRequestWorkers,
    written: config.workersWritten ?? config.maxRequestWorkers,
    warning: config.workersWarning ?? '',
    threadsPerChild: config.threadsPerChild,
    wantedThreads: def.goal.threadsPerChild ?? 0,
    startServers: config.startServers,
    readyAtStart: config.startServers * config.threadsPerChild,
    keepAliveTimeoutS: seconds(config.keepAliveTimeoutMs),
    requestReadTimeout: config.requestReadTimeout ?? 'off',
  };
  return findings.length === 0 ? { passed: true, findings: ['pass'], facts } : { passed: false, findings, facts };
}

/** Every fact name judge() gives, for checking the Markdown's placeholders. */
export const FACT_NAMES: readonly string[] = [
  'model', 'clients', 'answered', 'late', 'limitS', 'longestS', 'longestMs', 'peakProcesses', 'maxProcesses', 'peakRssMb', 'held',
  'answered408', 'demand', 'maxRequestWorkers', 'written', 'warning', 'threadsPerChild', 'wantedThreads', 'startServers',
  'readyAtStart', 'keepAliveTimeoutS', 'requestReadTimeout',
];

/** The section ids judge() can name for a workload: what exercise.md must have. */
export function possibleFindings(def: Pick<ExerciseDef, 'workload' | 'goal'>): string[] {
  const causes: Record<Workload['kind'], string[]> = {
    'slow-requests': ['corrected', 'workers-below', 'spawn-late', 'unexplained'],
    'keep-alive-then-fresh': ['corrected', 'keep-alive-holds', 'unexplained'],
    'slow-headers-then-fresh': ['corrected', 'slow-headers-hold', 'read-timeout-long', 'unexplained'],
    mixed: ['corrected', 'keep-alive-holds', 'workers-below', 'spawn-late', 'unexplained'],
  };
  return [
    'pass',
    'late',
    ...causes[def.workload.kind],
    ...(def.goal.maxProcesses !== undefined ? ['too-many-processes'] : []),
    ...(def.goal.threadsPerChild !== undefined ? ['threads-per-child'] : []),
  ];
}
