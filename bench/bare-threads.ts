// The runtime's own floor for a worker thread: N threads that run no lab code at all (each
// says it started and then waits in Atomics.wait, as the lab's idle worker threads do), with
// the lab's resourceLimits. Prints one JSON line: the CPU time it took to start them, the
// wall time, and the resident memory they added, per thread. bench/footprint.ts runs it under
// each runtime next to the lab, so that the lab's figures are read against what no code of
// the lab could go below.
//
//   node dist/bench/bare-threads.js [N]      bun bench/bare-threads.ts [N]      deno run -A bench/bare-threads.ts [N]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface BareThreads {
  threads: number;
  startCpuMs: number; // CPU time of the whole process while the threads started
  startWallMs: number;
  rssPerThread: number; // bytes, settled: (after - before) / threads
}

const SETTLE_MS = 3000; // as bench/footprint.ts waits before it reads a child's RSS

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(count: number): Promise<void> {
  const hold = new SharedArrayBuffer(4); // never notified: the threads wait until the process exits
  await new Promise((r) => setTimeout(r, 500)); // the main thread's own start-up garbage settles first
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let started = 0;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: hold, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
      worker.once('message', () => ++started === count && resolve());
      worker.once('error', reject);
    }
  });
  const result: BareThreads = { threads: count, startCpuMs: cpuMs() - cpu0, startWallMs: performance.now() - t0, rssPerThread: 0 };
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  result.rssPerThread = (process.memoryUsage().rss - rssBefore) / count;
  console.log(JSON.stringify(result));
  process.exit(0);
}

if (isMainThread) {
  const count = Number(process.argv[2] ?? 25);
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    console.error(`bare-threads: N is a whole number of threads from 1 to 200; got "${process.argv[2]}".`);
    process.exit(2);
  }
  await main(count);
} else {
  parentPort!.postMessage('started');
  Atomics.wait(new Int32Array(workerData as SharedArrayBuffer), 0, 0);
}
