// The three models behind the one Mpm interface; callers choose by name.
import type { ModelName, ResolvedConfig } from './config/types.ts';
import type { Mpm } from './mpm.ts';
import { createEvent } from './event/index.ts';
import { createPrefork } from './prefork/index.ts';
import type { ParentOptions } from './server/parent.ts';
import { createWorker } from './worker/index.ts';

const FACTORIES: Partial<Record<ModelName, (config: ResolvedConfig, options?: ParentOptions) => Mpm>> = {
  prefork: createPrefork,
  worker: createWorker,
  event: createEvent,
};

export class ModelNotBuiltError extends Error {
  readonly exitCode = 2;
}

export function createMpm(config: ResolvedConfig, options?: ParentOptions): Mpm {
  const factory = FACTORIES[config.config.model];
  if (!factory) {
    const built = Object.keys(FACTORIES).join(', ');
    throw new ModelNotBuiltError(`the ${config.config.model} model is not in this version of mpm-lab yet (built: ${built}).`);
  }
  return factory(config, options);
}
