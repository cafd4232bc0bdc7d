import { writeComm } from './process-name.ts';

/** Names the calling OS thread (ps -L -o comm, pstree -pt, /proc/PID/task/TID/comm). */
export function nameThread(name: string): void {
  writeComm('/proc/thread-self/comm', name);
}
