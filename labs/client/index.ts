// The lab's HTTP client: `mpm-lab load`, the lessons and the tests use it.
export { runLoad } from './run-load.ts';
export { request } from './request.ts';
export { holdKeepAlive } from './hold-keep-alive.ts';
export { parseTarget, isLoopbackHost } from './target.ts';
export { NotListeningError, TargetError } from './errors.ts';
export { summarizeLatency, percentile } from './percentiles.ts';
export { parseServedBy } from './served-by.ts';
export type * from './types.ts';
