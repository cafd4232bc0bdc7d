import { threadedHooks } from '../threaded/hooks.ts';

export const workerHooks = threadedHooks('worker');
