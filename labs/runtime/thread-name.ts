import { readThreads } from '../proc/read-process.ts';
import { writeComm } from './process-name.ts';

/** Names the calling OS thread (ps -L -o comm, pstree -pt, /proc/PID/task/TID/comm). */
export function nameThread(name: string): void {
  writeComm('/proc/thread-self/comm', name);
}

/**
 * Starts a thread with `start` and names it at once. A new OS thread carries its creator's
 * name (or, on Bun and Deno, one of the runtime's: "Worker", "worker-1") until its own first
 * statement names it, some 50 ms later on Node. node:worker_threads creates the thread before
 * its constructor returns on all three runtimes; when more than one thread appeared meanwhile,
 * which is ours is not known, and it names itself a moment later.
 */
export function startNamedThread<T>(name: string, start: () => T): T {
  const before = new Set(readThreads(process.pid).map((t) => t.tid));
  const started = start();
  const fresh = readThreads(process.pid).filter((t) => !before.has(t.tid));
  if (fresh.length === 1) writeComm(`/proc/self/task/${fresh[0]!.tid}/comm`, name);
  return started;
}
