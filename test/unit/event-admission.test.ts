import { describe, expect, it } from 'vitest';
import { eventAcceptable, eventConnectionLimit } from '../../labs/threaded/event-admission.ts';

const base = { threadsPerChild: 4, asyncRequestWorkerFactor: 2 };

describe("event's admission rule (event.c connections_above_limit)", () => {
  it('allows ThreadsPerChild + AsyncRequestWorkerFactor x idle workers connections', () => {
    expect(eventConnectionLimit(4, 2, 4)).toBe(12);
    expect(eventConnectionLimit(25, 2, 0)).toBe(25);
    expect(eventConnectionLimit(4, 2.5, 3)).toBe(11);
  });

  it('takes new connections only while a worker is free for each', () => {
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 0 })).toBe(4);
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 3, connections: 3 })).toBe(1);
    expect(eventAcceptable({ ...base, idleWorkers: 0, waitingForWorker: 0, connections: 4 })).toBe(0);
  });

  it('parked keep-alive connections count against the limit, and the limit shrinks as workers get busy', () => {
    // 11 parked, 4 idle workers: 12 - 11 = 1 more
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 11 })).toBe(1);
    // 12 parked: full
    expect(eventAcceptable({ ...base, idleWorkers: 4, waitingForWorker: 0, connections: 12 })).toBe(0);
    // 8 connections, 2 idle workers: limit 4 + 4 = 8: full
    expect(eventAcceptable({ ...base, idleWorkers: 2, waitingForWorker: 0, connections: 8 })).toBe(0);
  });
});
