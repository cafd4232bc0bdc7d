// The names `ps` shows for the lab's processes and threads (README, "Processes and threads in
// ps"): the title (ps -ef, /proc/PID/cmdline) and the kernel's name of at most 15 characters
// (ps -o comm, pstree, /proc/PID/task/TID/comm). One place, for whoever names and whoever shows.
import type { ModelName } from '../config/types.ts';

export const PARENT_COMM = 'mpm-parent';

export function parentTitle(model: ModelName): string {
  return `mpm-lab: ${model} parent`;
}

/** A child process: prefork's is its one worker; worker's and event's main thread is the listener. */
export function childComm(model: ModelName, slot: number): string {
  return model === 'prefork' ? `prefork-${slot}` : `listener-${slot}`;
}

export function childTitle(model: ModelName, slot: number): string {
  return model === 'prefork' ? `mpm-lab: prefork child ${slot}` : `mpm-lab: ${model} child ${slot} (listener thread)`;
}

export function workerThreadComm(slot: number, thread: number): string {
  return `worker-${slot}.${thread}`;
}
