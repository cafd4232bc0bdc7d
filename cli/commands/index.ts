import type { Command } from 'commander';
import { registerConfig } from './config.ts';
import { registerCtl } from './ctl.ts';
import { registerLoad } from './load.ts';
import { registerPs } from './ps.ts';
import { registerRun } from './run.ts';
import { registerStatus } from './status.ts';
import { registerWatch } from './watch.ts';

// Each command lives in its own file and registers itself here.
export function registerCommands(program: Command): void {
  registerRun(program);
  registerConfig(program);
  registerCtl(program);
  registerPs(program);
  registerStatus(program);
  registerLoad(program);
  registerWatch(program);
}
