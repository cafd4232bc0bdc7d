// What the keys do to the lab, through the same lab operations the lessons call. Each key
// starts one bounded operation; its outcome is the traffic pane's last line.
import { formatConfigError } from '../../labs/config/describe.ts';
import { ConfigError } from '../../labs/config/types.ts';
import type { ResolvedConfig } from '../../labs/config/types.ts';
import type { LoadResult } from '../../labs/client/types.ts';
import { describeSignal } from '../../labs/log/signal-names.ts';
import type { Mpm } from '../../labs/mpm.ts';
import { LIMITS, PATHS, blockThread, crashThread, gracefulRestart, holdKeepAliveClients, sendBurst } from '../../labs/operations/index.ts';
import type { HeldClients, LabAddress, TrafficRecorder } from '../../labs/operations/index.ts';
import { formatMs } from '../plain/units.ts';
import type { Action } from './keys.ts';
import type { TrafficState } from './traffic-model.ts';

export const SLOW_MS = 3000; // a slow request holds its slot this long
export const BLOCK_MS = 5000;
export const FAST_PER_SLOT = 20; // a fast burst sends this many requests per connection
const MAX_RUNNING = 4; // key presses beyond this wait: no pile-up of bursts

export interface ActionsOptions {
  mpm: Mpm;
  lab: LabAddress;
  recorder: TrafficRecorder;
  reread?: () => ResolvedConfig | undefined;
  changed(): void; // something to draw
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function outcome(result: LoadResult): string {
  const errors = Object.entries(result.errors).map(([k, n]) => `${k} ${n}`).join(', ');
  return `${result.ok} ok, ${result.failed} failed${errors ? ` (${errors})` : ''}`;
}

export class LabActions {
  concurrency: number;
  private held: HeldClients | null = null;
  private running = 0;
  state: TrafficState;
  private readonly maxConcurrency: number;

  constructor(private readonly o: ActionsOptions) {
    const q = o.mpm.query();
    this.maxConcurrency = Math.min(LIMITS.maxConcurrency, Math.max(8, 2 * q.maxRequestWorkers));
    this.concurrency = Math.max(1, Math.min(16, q.maxRequestWorkers));
    this.state = { concurrency: this.concurrency, held: 0, action: null };
  }

  private say(text: string, failed = false): void {
    this.state = { ...this.state, action: { text, failed } };
    this.o.changed();
  }

  /** Connections held open now (the server closes idle ones after KeepAliveTimeout). */
  refreshHeld(): void {
    const open = this.held?.open() ?? 0;
    if (open !== this.state.held) {
      this.state = { ...this.state, held: open };
      this.o.changed();
    }
  }

  private async guarded(name: string, work: () => Promise<string>): Promise<void> {
    if (this.running >= MAX_RUNNING) {
      this.say(`${name}: ${this.running} actions are still running; wait for one to finish`, true);
      return;
    }
    this.running++;
    try {
      this.say(await work());
    } catch (error) {
      const message = error instanceof ConfigError ? formatConfigError(error).split('\n')[0]! : (error as Error).message.split('\n')[0]!;
      this.say(`${name} failed: ${message}`, true);
    } finally {
      this.running--;
    }
  }

  run(action: Action): void {
    const q = this.o.mpm.query();
    const threaded = q.isThreaded;
    const c = this.concurrency;
    const lab = this.o.lab;
    const recorder = this.o.recorder;
    switch (action) {
      case 'fast': {
        const count = Math.min(LIMITS.maxRequests, c * FAST_PER_SLOT);
        this.say(`fast burst: ${count} × GET / at concurrency ${c}...`);
        void this.guarded('fast burst', async () => {
          const r = await sendBurst({ lab, count, concurrency: c, path: PATHS.home, recorder });
          const procs = Object.keys(r.byPid).length;
          return `fast burst: ${outcome(r)} in ${(r.durationMs / 1000).toFixed(1)} s (${r.requestsPerSecond.toFixed(0)}/s), served by ${procs} process${procs === 1 ? '' : 'es'}`;
        });
        break;
      }
      case 'slow': {
        this.say(`slow burst: ${c} × GET ${PATHS.sleep(SLOW_MS)}, each holds its slot ${SLOW_MS / 1000} s...`);
        void this.guarded('slow burst', async () => {
          const r = await sendBurst({ lab, count: c, concurrency: c, path: PATHS.sleep(SLOW_MS), recorder });
          return `slow burst: ${outcome(r)}; latency p50 ${formatMs(r.latency.p50)} ms, max ${formatMs(r.latency.max)} ms (waiting for a slot counts)`;
        });
        break;
      }
      case 'keepalive': {
        if (this.held) {
          this.held.release();
          this.held = null;
          this.refreshHeld();
          this.say('keep-alive clients let go');
          break;
        }
        this.say(`opening ${plural(c, 'idle keep-alive client')}...`);
        void this.guarded('keep-alive', async () => {
          const held = await holdKeepAliveClients({ lab, count: c, holdMs: 30_000 });
          this.held = held;
          this.refreshHeld();
          void held.closed.then(() => {
            if (this.held === held) this.held = null;
            this.refreshHeld();
          });
          const what = q.isAsync ? 'parked, no thread each' : threaded ? 'each holds a thread (K)' : 'each holds a process (K)';
          return `holding ${plural(held.open(), 'idle keep-alive connection')}: ${what} (k lets go)`;
        });
        break;
      }
      case 'more':
      case 'less': {
        const next = action === 'more' ? Math.min(this.maxConcurrency, c * 2) : Math.max(1, Math.floor(c / 2));
        this.concurrency = next;
        this.state = { ...this.state, concurrency: next };
        this.say(`concurrency ${next} (1 to ${this.maxConcurrency}; MaxRequestWorkers is ${q.maxRequestWorkers})`);
        break;
      }
      case 'block': {
        const waiters = threaded ? Math.max(1, q.threadsPerChild - 1) : 1;
        this.say(`block: the module lock held ${BLOCK_MS / 1000} s; ${plural(waiters, 'module request')} queue behind it...`);
        void this.guarded('block', async () => {
          const r = await blockThread({ lab, ms: BLOCK_MS, waiters, recorder });
          const where = r.block.pid ? `pid ${r.block.pid}` : 'a process';
          const waited = r.waiters ? `; ${plural(r.waiters.requests.length, 'module request')} waited p50 ${formatMs(r.waiters.latency.p50)} ms` : '';
          return r.block.ok ? `block: ${where} held the module lock ${BLOCK_MS / 1000} s${waited}` : `block: ${r.block.error ?? 'failed'}`;
        });
        break;
      }
      case 'crash': {
        const siblings = threaded ? Math.max(0, q.threadsPerChild - 1) : 0;
        this.say(threaded ? `crash: a thread crashes in 1 s while ${plural(siblings, 'sibling')} serve slow requests in its process...` : 'crash: a process crashes...');
        void this.guarded('crash', async () => {
          const r = await crashThread({ lab, mpm: this.o.mpm, siblings, afterMs: threaded ? 1000 : 0, siblingMs: SLOW_MS, recorder });
          if (r.crash.ok) return `crash: the request was answered (HTTP ${r.crash.status}); nothing crashed`;
          if (r.crash.status !== undefined) return `crash refused: ${r.crash.error}`;
          const sib = r.siblings ? `, siblings failed ${r.siblings.failed}/${r.siblings.requests.length}` : '';
          if (!r.crashed) return `crash: the process died${sib}`;
          const how = r.crashed.signal ? describeSignal(r.crashed.signal) : 'exit';
          return `crash: pid ${r.crashed.pid} died (${how}); ${plural(r.crashed.lostConnections, 'connection')} lost${sib}`;
        });
        break;
      }
      case 'graceful': {
        this.say('graceful restart...');
        void this.guarded('graceful restart', async () => {
          const r = await gracefulRestart(this.o.mpm, this.o.reread);
          return `graceful: generation ${r.generation}${r.reread ? ', config read again' : ''}; old children finish first (G)`;
        });
        break;
      }
      default:
        break;
    }
  }

  /** Lets held connections go (on quit). */
  close(): void {
    this.held?.release();
    this.held = null;
  }
}
