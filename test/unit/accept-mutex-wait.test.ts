// The accept mutex tells the children when connections wait: once when the wait starts, and
// again, after a drain, the children that took some while others still wait (httpd's event
// listener checks its idle workers again after each accept).
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { AcceptMutex } from '../../labs/server/accept-mutex.ts';
import type { ChildHandle } from '../../labs/server/child-handle.ts';

function fakeSocket(): net.Socket {
  return Object.assign(new EventEmitter(), { destroyed: false, remoteAddress: '127.0.0.1', destroy() {} }) as unknown as net.Socket;
}

function fakeChild(slot: number, room: number) {
  const child = { slot, room, got: 0, canTake: () => child.room > 0, hand: () => { child.room--; child.got++; } };
  return child;
}

describe('AcceptMutex onWait', () => {
  it('tells everyone when the wait starts, then the child a drain gave some to while others still wait', () => {
    const child = fakeChild(0, 0);
    const calls: (number[] | 'all')[] = [];
    const mutex = new AcceptMutex({
      candidates: () => [child as unknown as ChildHandle],
      onWait: (children) => calls.push(children ? [...children].map((c) => c.slot) : 'all'),
      listenBacklog: () => 10,
      log: () => {},
      departed: () => [],
    });
    for (let i = 0; i < 3; i++) mutex.offer(fakeSocket());
    expect(calls).toEqual(['all']); // once per wait, not once per waiting connection
    child.room = 1;
    mutex.drain();
    expect(child.got).toBe(1);
    expect(calls).toEqual(['all', [0]]);
    child.room = 2;
    mutex.drain(); // the last two go: nothing waits, nobody is told
    expect(child.got).toBe(3);
    expect(calls).toEqual(['all', [0]]);
    mutex.dropWaiting();
  });
});
