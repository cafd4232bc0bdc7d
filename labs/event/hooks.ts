import { threadedHooks } from '../threaded/hooks.ts';

// event.c close_listeners: a child told to leave marks every worker thread G (Gracefully
// finishing) at once; busy ones finish their requests, idle ones leave.
export const eventHooks = threadedHooks('event', { isAsync: true, busyWhileLeaving: 'G' });
