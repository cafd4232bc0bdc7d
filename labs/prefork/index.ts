import type { ResolvedConfig } from '../config/types.ts';
import type { Mpm } from '../mpm.ts';
import { Parent } from '../server/parent.ts';
import type { ParentOptions } from '../server/parent.ts';
import { preforkHooks } from './hooks.ts';

export function createPrefork(config: ResolvedConfig, options?: ParentOptions): Mpm {
  return new Parent(preforkHooks, config, options);
}
