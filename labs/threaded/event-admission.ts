// event's admission rule (event.c, connections_above_limit): the listener accepts while the
// process's connections, closing ones excluded, stay below
// ThreadsPerChild + AsyncRequestWorkerFactor x idle workers.
export function eventConnectionLimit(threadsPerChild: number, asyncRequestWorkerFactor: number, idleWorkers: number): number {
  return threadsPerChild + Math.floor(asyncRequestWorkerFactor * idleWorkers);
}
