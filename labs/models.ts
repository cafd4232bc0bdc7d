// The three models behind the one Mpm interface; callers choose by name.
import type { ModelName, ResolvedConfig } from './config/types.ts';
import type { Mpm } from './mpm.ts';
import { createEvent } from './event/index.ts';
import { createPrefork } from './prefork/index.ts';
import type { ParentOptions } from './server/parent.ts';
import { createWorker } from './worker/index.ts';

const FACTORIES: Record<ModelName, (config: ResolvedConfig, options?: ParentOptions) => Mpm> = {
  prefork: createPrefork,
  worker: createWorker,
  event: createEvent,
};

export function createMpm(config: ResolvedConfig, options?: ParentOptions): Mpm {
  return FACTORIES[config.config.model](config, options);
}
