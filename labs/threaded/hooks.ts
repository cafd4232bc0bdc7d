// worker's and event's side of the parent: ThreadsPerChild threads per process, maintenance by
// idle threads, a whole process at a time.
import type { LabConfig } from '../config/types.ts';
import { threadedMaintenance } from '../maintenance/threaded.ts';
import { siblingModule } from '../runtime/sibling-module.ts';
import type { BusyWhileLeaving, ModelHooks } from '../server/model-hooks.ts';

/** Where worker and event differ on the parent's side and in what their children are told. */
export interface ThreadedPolicy {
  isAsync: boolean; // idle keep-alive connections leave their thread for the listener
  busyWhileLeaving: BusyWhileLeaving;
}

export function threadedHooks(name: 'worker' | 'event', policy: ThreadedPolicy): ModelHooks {
  const daemonsLimit = (c: LabConfig) => Math.min(c.ServerLimit, Math.floor(c.MaxRequestWorkers / c.ThreadsPerChild));
  return {
    name,
    childModule: siblingModule(import.meta.url, './child-entry'),
    isThreaded: true,
    isAsync: policy.isAsync,
    busyWhileLeaving: policy.busyWhileLeaving,
    logModule: `mpm_${name}`,
    daemonsLimit,
    threadsPerChild: (c) => c.ThreadsPerChild,
    threadLimit: (c) => c.ThreadLimit,
    maintain: (sb, c, retained) =>
      threadedMaintenance(
        sb,
        {
          daemonsLimit: daemonsLimit(c),
          threadsPerChild: c.ThreadsPerChild,
          maxWorkers: c.MaxRequestWorkers,
          minSpareThreads: c.MinSpareThreads,
          maxSpareThreads: c.MaxSpareThreads,
        },
        retained,
      ),
  };
}

