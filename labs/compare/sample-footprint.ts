// Reads a running lab's footprint now and then while a workload runs: the scoreboard names
// the children, /proc says what they are (threads, resident memory).
import type { Mpm } from '../mpm.ts';
import { readProcess } from '../proc/index.ts';
import type { ProcInfo } from '../proc/types.ts';
import { footprintOf, peakFootprint } from './footprint.ts';
import type { Footprint } from './types.ts';

const EVERY_MS = 400; // often enough to see the peak, rarely enough not to load the machine

export function readFootprint(mpm: Pick<Mpm, 'scoreboard'>): Footprint {
  const snapshot = mpm.scoreboard();
  const procs = snapshot.processes
    .filter((p) => p.pid > 0)
    .map((p) => readProcess(p.pid))
    .filter((p): p is ProcInfo => p !== null);
  return footprintOf(procs, snapshot, process.pid);
}

export interface FootprintSampler {
  /** Takes a last reading and returns the peak of every figure. */
  stop(): Footprint;
}

export function sampleFootprint(mpm: Pick<Mpm, 'scoreboard'>): FootprintSampler {
  const samples: Footprint[] = [];
  const take = () => {
    try {
      samples.push(readFootprint(mpm));
    } catch {
      // the lab is stopping: its scoreboard is gone
    }
  };
  take();
  const timer = setInterval(take, EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peakFootprint(samples);
    },
  };
}
