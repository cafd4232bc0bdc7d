// event's admission rule. The listener takes a new connection only when a worker is free to
// serve it (it waits for an idler before it accepts), and only while the process's
// connections, closing ones excluded, stay below ThreadsPerChild + AsyncRequestWorkerFactor x
// idle workers (event.c, connections_above_limit). Pure.

export interface EventLoad {
  threadsPerChild: number;
  asyncRequestWorkerFactor: number;
  idleWorkers: number;
  /** Connections and requests already counting on an idle worker: new ones not yet served, queued requests. */
  waitingForWorker: number;
  /** Open connections, closing ones excluded. */
  connections: number;
}

export function eventConnectionLimit(threadsPerChild: number, asyncRequestWorkerFactor: number, idleWorkers: number): number {
  return threadsPerChild + Math.floor(asyncRequestWorkerFactor * idleWorkers);
}

/** How many more connections the process takes now. */
export function eventAcceptable(load: EventLoad): number {
  const byFactor = eventConnectionLimit(load.threadsPerChild, load.asyncRequestWorkerFactor, load.idleWorkers) - load.connections;
  const byWorkers = load.idleWorkers - load.waitingForWorker;
  return Math.max(0, Math.min(byFactor, byWorkers));
}
