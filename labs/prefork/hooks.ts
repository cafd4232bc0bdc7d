// prefork's side of the parent: one slot per process, maintenance by idle processes.
import type { LabConfig } from '../config/types.ts';
import { preforkMaintenance } from '../maintenance/prefork.ts';
import { siblingModule } from '../runtime/sibling-module.ts';
import type { ModelHooks } from '../server/model-hooks.ts';

export const preforkHooks: ModelHooks = {
  name: 'prefork',
  childModule: siblingModule(import.meta.url, './child-entry'),
  isThreaded: false,
  isAsync: false,
  logModule: 'mpm_prefork',
  busyWhileLeaving: 'G', // prefork.c: the parent marks every live slot G; the child shows it so
  daemonsLimit: (c: LabConfig) => Math.min(c.MaxRequestWorkers, c.ServerLimit),
  threadsPerChild: () => 1,
  threadLimit: () => 1,
  maintain: (sb, c, retained) =>
    preforkMaintenance(
      sb,
      { daemonsLimit: Math.min(c.MaxRequestWorkers, c.ServerLimit), minSpareServers: c.MinSpareServers, maxSpareServers: c.MaxSpareServers },
      retained,
    ),
};
