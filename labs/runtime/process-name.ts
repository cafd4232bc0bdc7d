import fs from 'node:fs';
import { readThreads } from '../proc/read-process.ts';
import { setProcessTitle } from './process-title.ts';
import { runtimeName } from './runtime-name.ts';

/**
 * Names this process as `ps` shows it: the title (ps -ef, ps -o args) and the kernel's
 * 15-character comm (ps -o comm, pstree), on every runtime. A child has its comm from the
 * moment it was started (role-executable.ts), and so had the threads its runtime started
 * before any JavaScript ran: those get the runtime's name back, so that only the main thread
 * carries the role.
 */
export function nameProcess(title: string, comm: string): void {
  setProcessTitle(title);
  writeComm('/proc/self/comm', comm);
  nameRuntimeThreads();
}

/**
 * Threads the runtime started from the main thread took its name: they get the runtime's.
 * Again once started (Deno starts a thread when the first signal listener comes), at a
 * moment when the lab's own threads have named themselves.
 */
export function nameRuntimeThreads(): void {
  const threads = readThreads(process.pid);
  const main = threads.find((t) => t.tid === process.pid)?.comm;
  for (const t of threads) {
    if (t.tid !== process.pid && t.comm === main) writeComm(`/proc/self/task/${t.tid}/comm`, runtimeName());
  }
}

export function writeComm(path: string, name: string): void {
  try {
    fs.writeFileSync(path, name.slice(0, 15));
  } catch {
    // /proc is Linux only; elsewhere ps shows the runtime's own name
  }
}
