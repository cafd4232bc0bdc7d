// event's admission rule, as httpd 2.4's listener applies it (event.c listener_thread). Before
// each accept it reserves an idle worker for the new connection, and it accepts only while the
// process's connections, lingering ones excluded, stay below ThreadsPerChild +
// AsyncRequestWorkerFactor x idle workers (connections_above_limit). Each accepted connection
// takes an idle worker, so the limit is checked again, one lower, for the next. Pure.

export interface EventLoad {
  threadsPerChild: number;
  asyncRequestWorkerFactor: number;
  idleWorkers: number;
  /** Connections and requests already counting on an idle worker: new ones not yet served, queued requests. */
  waitingForWorker: number;
  /** Open connections, closing ones excluded. */
  connections: number;
}

/** event.c multiplies the idle count by the factor's whole part (worker_factor / WORKER_FACTOR_SCALE). */
export function eventConnectionLimit(threadsPerChild: number, asyncRequestWorkerFactor: number, idleWorkers: number): number {
  return threadsPerChild + idleWorkers * Math.floor(asyncRequestWorkerFactor);
}

/** Idle workers no one counts on yet: none means httpd's listener finds its workers busy. */
export function eventFreeWorkers(load: Pick<EventLoad, 'idleWorkers' | 'waitingForWorker'>): number {
  return Math.max(0, load.idleWorkers - load.waitingForWorker);
}

/** How many more connections the process takes now, one accept after another. */
export function eventAcceptable(load: EventLoad): number {
  let idle = eventFreeWorkers(load);
  let connections = load.connections;
  let taken = 0;
  while (idle > 0 && connections < eventConnectionLimit(load.threadsPerChild, load.asyncRequestWorkerFactor, idle)) {
    taken++;
    connections++;
    idle--;
  }
  return taken;
}
