import { describe, expect, it } from 'vitest';
import { eventAcceptable, eventConnectionLimit, eventFreeWorkers } from '../../labs/threaded/event-admission.ts';

const base = { threadsPerChild: 4, asyncRequestWorkerFactor: 2 };

describe("event's admission rule (event.c connections_above_limit)", () => {
  it('allows ThreadsPerChild + AsyncRequestWorkerFactor x idle workers connections', () => {
    expect(eventConnectionLimit(4, 2, 4)).toBe(12);
    expect(eventConnectionLimit(25, 2, 0)).toBe(25);
    // httpd keeps the factor in sixteenths and multiplies by its whole part: 4 + 3 x 2
    expect(eventConnectionLimit(4, 2.5, 3)).toBe(10);
  });

  it('takes new connections only while a worker is free for each', () => {
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 0 })).toBe(4);
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 3, connections: 3 })).toBe(1);
    expect(eventAcceptable({ ...base, idleWorkers: 0, waitingForWorker: 0, connections: 4 })).toBe(0);
    expect(eventFreeWorkers({ idleWorkers: 2, waitingForWorker: 3 })).toBe(0);
  });

  it('12 parked keep-alive connections and 4 idle workers: the 13th waits (httpd 2.4.71 waits for KeepAliveTimeout)', () => {
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 11 })).toBe(1);
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 12 })).toBe(0);
  });

  it('re-checks after each accept as idle workers go down: 8 parked take 2 more, 2 parked take 4', () => {
    // 8 < 12, then 9 < 4 + 3 x 2, then 10 < 4 + 2 x 2 fails
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 8 })).toBe(2);
    // 4 parked: 4 < 12, 5 < 10, 6 < 8, then 7 < 6 fails
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 4 })).toBe(3);
    // 2 parked: until no worker is idle
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 2 })).toBe(4);
    expect(eventAcceptable({ ...base, idleWorkers: 2, waitingForWorker: 0, connections: 8 })).toBe(0);
  });
});
