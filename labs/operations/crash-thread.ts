// Crashes a thread: /crash?after=MS makes the serving thread take its whole process down
// (SIGABRT), as a crashing module does. With `siblings`, slow requests are sent just after
// the crash request, so that in worker and event they are in flight in the same process when
// it dies and are lost with it (shared fate); in prefork they land in other processes.
import type { LoadResult } from '../client/types.ts';
import type { LabEvent, Mpm } from '../mpm.ts';
import { PATHS, labUrl, tokenHeaders } from './lab-url.ts';
import { LIMITS, checkWhole } from './limits.ts';
import { sendBurst } from './send-burst.ts';
import { singleRequest } from './single-request.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import type { LabAddress, SingleOutcome } from './types.ts';

export interface CrashOptions {
  lab: LabAddress;
  afterMs?: number; // the crashing request works this long first (default 0, or 1000 with siblings)
  siblings?: number; // slow requests sent just after the crash request (default 0)
  siblingMs?: number; // how long each sibling sleeps (default afterMs + 2000)
  mpm?: Pick<Mpm, 'onEvent'>; // when given, the result names the process that died
  recorder?: TrafficRecorder;
}

export interface CrashedProcess {
  pid: number;
  slot: number;
  signal: string | null;
  lostConnections: number; // as the parent counted them: connections it had handed to the child
}

export interface CrashResult {
  crash: SingleOutcome; // normally ok: false, error ECONNRESET or "socket hang up"
  siblings: LoadResult | null;
  crashed: CrashedProcess | null; // null without mpm, or when no crash was seen in time
}

const HAND_OFF_MS = 100; // the crash request is handed out before the siblings arrive
const EXIT_GRACE_MS = 10_000;

function nextCrash(mpm: Pick<Mpm, 'onEvent'>, withinMs: number): { seen: Promise<CrashedProcess | null>; cancel(): void } {
  let cancel = () => {};
  const seen = new Promise<CrashedProcess | null>((resolve) => {
    const timer = setTimeout(() => finish(null), withinMs);
    const off = mpm.onEvent((event: LabEvent) => {
      if (event.type === 'exit' && event.crashed) finish({ pid: event.pid, slot: event.slot, signal: event.signal, lostConnections: event.lostConnections });
    });
    function finish(value: CrashedProcess | null): void {
      clearTimeout(timer);
      off();
      resolve(value);
    }
    cancel = () => finish(null);
  });
  return { seen, cancel };
}

export async function crashThread(options: CrashOptions): Promise<CrashResult> {
  const siblings = options.siblings ?? 0;
  checkWhole('crashThread', 'siblings', siblings, 0, LIMITS.maxConcurrency);
  const afterMs = options.afterMs ?? (siblings > 0 ? 1000 : 0);
  checkWhole('crashThread', 'afterMs', afterMs, 0, LIMITS.maxMs);
  const siblingMs = options.siblingMs ?? Math.min(LIMITS.maxMs, afterMs + 2000);
  checkWhole('crashThread', 'siblingMs', siblingMs, 0, LIMITS.maxMs);
  const headers = tokenHeaders(options.lab, 'crashThread');

  const watch = options.mpm ? nextCrash(options.mpm, afterMs + EXIT_GRACE_MS) : null;
  const crash = singleRequest(labUrl(options.lab, PATHS.crash(afterMs)), headers, options.recorder?.start());
  let slow: Promise<LoadResult> | null = null;
  if (siblings > 0) {
    await new Promise((r) => setTimeout(r, HAND_OFF_MS));
    slow = sendBurst({ lab: options.lab, count: siblings, concurrency: siblings, path: PATHS.sleep(siblingMs), ...(options.recorder ? { recorder: options.recorder } : {}) });
  }
  try {
    const [crashOutcome, siblingsResult] = await Promise.all([crash, slow]);
    // A crash that was refused (no token, bad value) never comes: do not wait for it.
    if (crashOutcome.status !== undefined) watch?.cancel();
    return { crash: crashOutcome, siblings: siblingsResult, crashed: watch ? await watch.seen : null };
  } catch (error) {
    watch?.cancel();
    throw error;
  }
}
