import { threadedHooks } from '../threaded/hooks.ts';

export const eventHooks = threadedHooks('event');
