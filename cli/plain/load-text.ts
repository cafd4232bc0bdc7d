// `mpm-lab load` results as text: counts, errors by kind, rate, latency, who served.
import chalk from 'chalk';
import type { ChalkInstance } from 'chalk';
import { isClosedByLab } from '../../labs/client/error-kind.ts';
import type { LoadResult } from '../../labs/client/types.ts';
import { formatMs } from './units.ts';

export interface LoadRun {
  url: string;
  concurrency: number;
  requests: number;
  keepAlive: boolean;
  timeoutMs: number;
}

const LABEL = 12;
const label = (text: string) => text.padEnd(LABEL);

export function renderLoad(run: LoadRun, result: LoadResult, c: ChalkInstance = chalk): string {
  const seconds = result.durationMs / 1000;
  const lines = [
    `${run.url}: ${run.requests} requests, ${run.concurrency} at a time, keep-alive ${run.keepAlive ? 'on' : 'off'}`,
    `${label('Completed:')}${c.green(`${result.ok} ok`)}, ${result.failed ? c.red(`${result.failed} failed`) : '0 failed'} in ${seconds.toFixed(2)} s`,
  ];
  if (result.stoppedBy) {
    const why = result.stoppedBy === 'signal' ? 'interrupted' : 'stopped at the time limit';
    lines.push(c.yellow(`${label('')}${why}: ${result.requests.length} of ${run.requests} requests were sent`));
  }
  const errors = Object.entries(result.errors).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (errors.length) lines.push(`${label('Errors:')}${errors.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  const byLab = errors.filter(([kind]) => isClosedByLab(kind)).reduce((n, [, k]) => n + k, 0);
  if (byLab) {
    lines.push(
      `${label('')}${byLab} of them found the lab's backlog full: so many connections already waited for`,
      `${label('')}a free child that the lab answered 503 and closed them at once. httpd's kernel would`,
      `${label('')}have left them waiting, unanswered (raise ListenBacklog, or MaxRequestWorkers).`,
    );
  }
  if (result.closedBeforeResponse) {
    lines.push(
      `${label('')}${result.closedBeforeResponse} of them on a kept-alive connection the server closed before answering:`,
      `${label('')}it closed the idle connection as the request went out (event does that when every`,
      `${label('')}worker is busy; a browser would send the request again), or the process died.`,
    );
  }
  lines.push(`${label('Rate:')}${result.requestsPerSecond.toFixed(1)} requests/s (successful)`);
  if (result.ok) {
    const l = result.latency;
    const parts = [`min ${formatMs(l.min)}`, `p50 ${formatMs(l.p50)}`, `p90 ${formatMs(l.p90)}`, `p99 ${formatMs(l.p99)}`, `max ${formatMs(l.max)}`, `mean ${formatMs(l.mean)}`];
    lines.push(`${label('Latency ms:')}${parts.join('  ')}`);
  }
  const pids = Object.entries(result.byPid).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]));
  if (pids.length) {
    const total = pids.reduce((n, [, k]) => n + k, 0);
    lines.push(`${label('Served by:')}${pids.length} process${pids.length === 1 ? '' : 'es'}`);
    for (const [pid, n] of pids) lines.push(`${label('')}pid ${pid.padEnd(8)}${String(n).padStart(6)}  ${((n * 100) / total).toFixed(0).padStart(3)}%`);
  } else if (result.ok) {
    lines.push(`${label('Served by:')}${c.dim('unknown (no X-Served-By header in the responses)')}`);
  }
  return lines.join('\n') + '\n';
}
