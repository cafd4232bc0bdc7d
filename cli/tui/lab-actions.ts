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
import { keepAliveOutcome } from './keep-alive-text.ts';
import type { HeldRecord } from './keep-alive-text.ts';
import type { Action } from './keys.ts';
import { STRINGS as S } from './strings.ts';
import type { TrafficState } from './traffic-model.ts';

export const SLOW_MS = 3000; // a slow request holds its slot this long
export const BLOCK_MS = 5000;
export const HOLD_MS = 30_000; // idle keep-alive clients are let go after this at most
export const FAST_PER_SLOT = 20; // a fast burst sends this many requests per connection
const MAX_RUNNING = 4; // key presses beyond this wait: no pile-up of bursts

export interface ActionsOptions {
  mpm: Mpm;
  lab: LabAddress;
  recorder: TrafficRecorder;
  reread?: () => ResolvedConfig | undefined;
  changed(): void; // something to draw
}

function outcome(result: LoadResult): string {
  const errors = Object.entries(result.errors).map(([k, n]) => `${k} ${n}`).join(', ');
  return S.outcome(result.ok, result.failed, errors);
}

export class LabActions {
  concurrency: number;
  private held: HeldClients | null = null;
  private heldRecord: HeldRecord | null = null;
  private heldSaid = ''; // the last thing said about the held connections
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

  /**
   * Connections held open now; when the server closed some (KeepAliveTimeout), the last
   * action's line says how many, when and why.
   */
  refreshHeld(): void {
    const open = this.held?.open() ?? 0;
    if (open !== this.state.held) {
      this.state = { ...this.state, held: open };
      this.o.changed();
    }
    if (!this.heldRecord) return;
    const said = keepAliveOutcome(this.heldRecord, open);
    if (said !== null && said !== this.heldSaid) {
      this.heldSaid = said;
      this.say(said);
    }
    if (open === 0) this.heldRecord = null;
  }

  private async guarded(name: string, work: () => Promise<string>): Promise<void> {
    if (this.running >= MAX_RUNNING) {
      this.say(S.stillRunning(name, this.running), true);
      return;
    }
    this.running++;
    try {
      this.say(await work());
    } catch (error) {
      const message = error instanceof ConfigError ? formatConfigError(error).split('\n')[0]! : (error as Error).message.split('\n')[0]!;
      this.say(S.actionFailed(name, message), true);
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
        this.say(S.fastStarted(count, c));
        void this.guarded(S.fastName, async () => {
          const r = await sendBurst({ lab, count, concurrency: c, path: PATHS.home, recorder });
          const procs = Object.keys(r.byPid).length;
          return S.fastDone(outcome(r), (r.durationMs / 1000).toFixed(1), r.requestsPerSecond.toFixed(0), procs);
        });
        break;
      }
      case 'slow': {
        this.say(S.slowStarted(c, PATHS.sleep(SLOW_MS), SLOW_MS / 1000));
        void this.guarded(S.slowName, async () => {
          const r = await sendBurst({ lab, count: c, concurrency: c, path: PATHS.sleep(SLOW_MS), recorder });
          return S.slowDone(outcome(r), formatMs(r.latency.p50), formatMs(r.latency.max));
        });
        break;
      }
      case 'keepalive': {
        if (this.held) {
          this.held.release();
          this.held = null;
          this.refreshHeld();
          this.heldRecord = null;
          this.say(S.keepAliveReleased);
          break;
        }
        this.say(S.keepAliveOpening(c));
        void this.guarded(S.keepAliveName, async () => {
          const openedAt = Date.now();
          const cfg = this.o.mpm.config();
          const record: HeldRecord = { closedAt: [], openedAt, idleSince: openedAt, timeoutMs: cfg.KeepAliveTimeout, workersBusyExplains: q.isAsync && cfg.KeepAlive && cfg.MaxKeepAliveRequests !== 1 };
          // A child that exits, or a restart, closes connections too: then that is not the why.
          const stopWatching = this.o.mpm.onEvent((e) => {
            if (e.type === 'exit' || e.type === 'state') record.workersBusyExplains = false;
          });
          const held = await holdKeepAliveClients({ lab, count: c, holdMs: HOLD_MS });
          this.held = held;
          this.heldRecord = Object.assign(record, { closedAt: held.hold.closedAt, idleSince: Date.now() });
          this.heldSaid = '';
          this.refreshHeld();
          void held.closed.then(() => {
            stopWatching();
            this.refreshHeld(); // says what the server did, before the record goes
            if (this.held === held && this.heldSaid === '') this.say(S.keepAliveLetGo(HOLD_MS / 1000));
            if (this.held === held) this.held = null;
            this.refreshHeld();
          });
          const what = q.isAsync ? S.keepAliveWhatEvent : threaded ? S.keepAliveWhatThreaded : S.keepAliveWhatPrefork;
          return S.keepAliveHolding(held.open(), what);
        });
        break;
      }
      case 'more':
      case 'less': {
        const next = action === 'more' ? Math.min(this.maxConcurrency, c * 2) : Math.max(1, Math.floor(c / 2));
        this.concurrency = next;
        this.state = { ...this.state, concurrency: next };
        this.say(S.concurrency(next, this.maxConcurrency, q.maxRequestWorkers));
        break;
      }
      case 'block': {
        const waiters = threaded ? Math.max(1, q.threadsPerChild - 1) : 1;
        this.say(S.blockStarted(BLOCK_MS / 1000, waiters));
        void this.guarded(S.blockName, async () => {
          const r = await blockThread({ lab, ms: BLOCK_MS, waiters, recorder });
          const waited = r.waiters ? S.blockWaited(r.waiters.requests.length, formatMs(r.waiters.latency.p50)) : '';
          return r.block.ok ? S.blockDone(S.blockWhere(r.block.pid), BLOCK_MS / 1000, waited) : S.blockFailed(r.block.error);
        });
        break;
      }
      case 'crash': {
        const siblings = threaded ? Math.max(0, q.threadsPerChild - 1) : 0;
        this.say(threaded ? S.crashStartedThreaded(siblings) : S.crashStartedPrefork);
        void this.guarded(S.crashName, async () => {
          const r = await crashThread({ lab, mpm: this.o.mpm, siblings, afterMs: threaded ? 1000 : 0, siblingMs: SLOW_MS, recorder });
          if (r.crash.ok) return S.crashAnswered(r.crash.status);
          if (r.crash.status !== undefined) return S.crashRefused(r.crash.error);
          const sib = r.siblings ? S.crashSiblings(r.siblings.failed, r.siblings.requests.length) : '';
          if (!r.crashed) return S.crashDied(sib);
          const how = r.crashed.signal ? describeSignal(r.crashed.signal) : S.crashExit;
          return S.crashDone(r.crashed.pid, how, r.crashed.lostConnections, sib);
        });
        break;
      }
      case 'graceful': {
        this.say(S.gracefulStarted);
        void this.guarded(S.gracefulName, async () => {
          const r = await gracefulRestart(this.o.mpm, this.o.reread);
          return S.gracefulDone(r.generation, r.reread);
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
