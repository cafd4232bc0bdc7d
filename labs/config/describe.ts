// Plain numbers and text for `mpm-lab config`: what a config allows, and how an error reads.

import type { ConfigError, HttpdWarning, LabConfig } from './types.ts';

export interface Capacity {
  model: LabConfig['model'];
  /** Child processes at most (httpd's ap_daemons_limit). */
  processes: number;
  threadsPerChild: number;
  /** Requests served at the same time: processes x threadsPerChild = MaxRequestWorkers. */
  concurrentRequests: number;
  /** Children forked at startup. */
  startProcesses: number;
  /** The spare-idle range maintenance keeps, in `idleUnit`s. */
  idleSparesMin: number;
  idleSparesMax: number;
  idleUnit: 'processes' | 'threads';
  /** Scoreboard cells (one per process for prefork, process x thread for worker/event). */
  scoreboardSlots: number;
  /** Whether an idle keep-alive connection holds a worker (prefork, worker) or goes back to the listener (event). */
  keepAliveHoldsWorker: boolean;
  event?: {
    asyncRequestWorkerFactor: number;
    /** A child accepts new connections while it has fewer than ThreadsPerChild + factor x idle workers. */
    maxConnectionsPerProcessWhenIdle: number;
    maxConnectionsWhenIdle: number;
  };
}

export function describeCapacity(config: LabConfig): Capacity {
  const threaded = config.model !== 'prefork';
  const threadsPerChild = threaded ? config.ThreadsPerChild : 1;
  const processes = Math.max(1, Math.floor(config.MaxRequestWorkers / threadsPerChild));
  const capacity: Capacity = {
    model: config.model,
    processes,
    threadsPerChild,
    concurrentRequests: processes * threadsPerChild,
    startProcesses: Math.min(config.StartServers, processes),
    idleSparesMin: threaded ? config.MinSpareThreads : config.MinSpareServers,
    idleSparesMax: threaded ? config.MaxSpareThreads : config.MaxSpareServers,
    idleUnit: threaded ? 'threads' : 'processes',
    scoreboardSlots: processes * threadsPerChild,
    keepAliveHoldsWorker: config.model !== 'event',
  };
  if (config.model === 'event') {
    const perProcess = config.ThreadsPerChild + config.AsyncRequestWorkerFactor * config.ThreadsPerChild;
    capacity.event = {
      asyncRequestWorkerFactor: config.AsyncRequestWorkerFactor,
      maxConnectionsPerProcessWhenIdle: perProcess,
      maxConnectionsWhenIdle: perProcess * processes,
    };
  }
  return capacity;
}

/** "AH00316: WARNING: MaxRequestWorkers of 10 ...", as httpd prints it at startup. */
export function formatHttpdWarning(w: HttpdWarning): string {
  return w.code ? `${w.code}: ${w.text}` : w.text;
}

/**
 * The message the CLI prints for a refused config:
 *   mpm-lab: <what happened>
 *     in FILE:LINE: <the line>          (or: in --set X=Y)
 *     <how to fix>
 */
export function formatConfigError(e: ConfigError): string {
  const out = [`mpm-lab: ${e.message.split('\n').map(printable).join('\n  ')}`];
  if (e.file !== undefined && e.line !== undefined) out.push(`  in ${e.file}:${e.line}: ${printable(e.text ?? '')}`.trimEnd());
  else if (e.file !== undefined) out.push(`  in ${e.file}`);
  else if (e.text !== undefined) out.push(`  in ${printable(e.text)}`);
  if (e.hint) out.push(`  ${printable(e.hint)}`);
  return out.join('\n');
}

/**
 * Input quoted in a message, made safe for a terminal: control characters as \xNN (as httpd logs
 * them) and a long line cut short, with its length.
 */
export function printable(text: string): string {
  const escaped = text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > 600 ? `${escaped.slice(0, 300)}... (${text.length} characters)` : escaped;
}
