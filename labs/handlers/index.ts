// The lab's endpoints, for the models to run.
export { handleRequest } from './handle-request.ts';
export { servedBy } from './served-by.ts';
export type { HandlerContext, Identity, ModuleLock } from './types.ts';
