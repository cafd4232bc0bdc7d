// The workloads `mpm-lab compare` runs, sized from MaxRequestWorkers (N). Pure: each is a
// plan (counts, concurrency, times), bounded in count and in time, and short enough that the
// three models together take well under 30 s on a 2-core machine.

export const WORKLOAD_NAMES = ['fast', 'slow', 'keepalive', 'slow-clients', 'crash'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface FastPlan {
  kind: 'fast';
  requests: number;
  concurrency: number; // above N/2
  timeoutMs: number;
}

export interface SlowPlan {
  kind: 'slow';
  requests: number;
  concurrency: number; // above N: some wait in the backlog
  sleepMs: number;
  timeoutMs: number;
}

export interface KeepAlivePlan {
  kind: 'keepalive';
  idle: number; // clients that send one request and then hold their connection, idle
  requests: number; // fast requests sent meanwhile by other clients
  concurrency: number;
  timeoutMs: number; // a fast client gives up after this long
}

export interface SlowClientsPlan {
  kind: 'slow-clients';
  slow: number; // clients that trickle their request, one header line every everyMs
  lines: number;
  everyMs: number;
  requests: number; // fast requests sent meanwhile by other clients
  concurrency: number;
  timeoutMs: number;
  startAfterMs: number; // the fast clients start once the slow ones are connected
}

export interface CrashPlan {
  kind: 'crash';
  inFlight: number; // the crashing request and its siblings
  afterMs: number; // the crashing request works this long, then takes its process down
  siblingMs: number; // each sibling is a /sleep this long: in flight when the crash comes
}

export type WorkloadPlan = FastPlan | SlowPlan | KeepAlivePlan | SlowClientsPlan | CrashPlan;

export interface WorkloadSize {
  maxRequestWorkers: number; // the same for the three models
}

export function isWorkloadName(value: string): value is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(value);
}

export function planWorkload(name: WorkloadName, size: WorkloadSize): WorkloadPlan {
  const n = size.maxRequestWorkers;
  switch (name) {
    case 'fast':
      return { kind: 'fast', requests: 40 * n, concurrency: Math.max(1, Math.floor(n / 2) + Math.ceil(n / 4)), timeoutMs: 10_000 };
    case 'slow':
      return { kind: 'slow', requests: 4 * n, concurrency: 2 * n, sleepMs: 400, timeoutMs: 10_000 };
    case 'keepalive':
      return { kind: 'keepalive', idle: n, requests: 2 * n, concurrency: Math.max(2, Math.ceil(n / 4)), timeoutMs: 2000 };
    case 'slow-clients':
      return { kind: 'slow-clients', slow: n, lines: 3, everyMs: 1000, requests: 2 * n, concurrency: Math.max(2, Math.ceil(n / 4)), timeoutMs: 2000, startAfterMs: 300 };
    case 'crash':
      return { kind: 'crash', inFlight: Math.max(2, Math.ceil((3 * n) / 4)), afterMs: 600, siblingMs: 1600 };
  }
}

/** The longest a plan may run on one model; the runner stops it there whatever happens. */
export function planCapMs(plan: WorkloadPlan): number {
  switch (plan.kind) {
    case 'fast':
      return 15_000;
    case 'slow':
      return 15_000;
    case 'keepalive':
    case 'slow-clients':
      return 15_000;
    case 'crash':
      return plan.siblingMs + 10_000;
  }
}

/** One line saying what the workload does, for the top of the table. */
export function describePlan(plan: WorkloadPlan): string {
  switch (plan.kind) {
    case 'fast':
      return `${plan.requests} GET / on new connections, ${plan.concurrency} at a time`;
    case 'slow':
      return `${plan.requests} GET /sleep?ms=${plan.sleepMs}, ${plan.concurrency} at a time (more than MaxRequestWorkers: the rest wait)`;
    case 'keepalive':
      return (
        `${plan.idle} clients hold idle keep-alive connections while others send ${plan.requests} GET /, ` +
        `${plan.concurrency} at a time (each gives up after ${plan.timeoutMs / 1000} s)`
      );
    case 'slow-clients':
      return (
        `${plan.slow} clients send their request one header line every ${plan.everyMs / 1000} s (${plan.lines} lines) while others send ` +
        `${plan.requests} GET /, ${plan.concurrency} at a time (each gives up after ${plan.timeoutMs / 1000} s)`
      );
    case 'crash':
      return (
        `${plan.inFlight} requests in flight: /crash?after=${plan.afterMs} takes its process down ` +
        `while ${plan.inFlight - 1} GET /sleep?ms=${plan.siblingMs} are served`
      );
  }
}

/** What each workload is there to show, for --help. */
export const WORKLOAD_PURPOSE: Readonly<Record<WorkloadName, string>> = {
  fast: 'many short requests: what each model costs per request',
  slow: 'slow requests, more than MaxRequestWorkers at once: queueing',
  keepalive: 'idle keep-alive clients: event keeps answering, worker and prefork run out',
  'slow-clients': 'clients that trickle their request: a worker is held while it reads, in all three',
  crash: 'one process crashes: prefork loses 1 request, worker and event every one in that process',
};
