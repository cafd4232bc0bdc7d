// The parent's first message to a child is its options; nothing else goes before the child
// says it is ready (a message right behind the options could reach it before its handler).
// Unpaced here (Node and Bun); Deno paces its messages: child-handle-hand-off.test.ts.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ChildHandle } from '../../labs/server/child-handle.ts';
import type { ChildOptions, ToChild } from '../../labs/server/messages.ts';

function fakeProcess(sent: ToChild[]): ChildProcess {
  return { pid: 42, connected: true, send: (m: ToChild) => (sent.push(m), true) } as unknown as ChildProcess;
}

describe('ChildHandle before the child is ready', () => {
  it('sends the options at once, holds a stop until ready, drops "full"', () => {
    const sent: ToChild[] = [];
    const child = new ChildHandle(fakeProcess(sent), 0, 0, false);
    const options = { model: 'prefork', slot: 0, token: 't' } as unknown as ChildOptions;
    child.tell({ t: 'options', options });
    child.tell({ t: 'full' });
    child.tell({ t: 'stop' });
    expect(sent).toEqual([{ t: 'options', options }]);
    child.ready();
    expect(sent).toEqual([{ t: 'options', options }, { t: 'stop' }]);
    child.tell({ t: 'full' });
    expect(sent.at(-1)).toEqual({ t: 'full' });
  });

  it('sends nothing extra at ready when no stop waited', () => {
    const sent: ToChild[] = [];
    const child = new ChildHandle(fakeProcess(sent), 1, 0, false);
    child.ready();
    expect(sent).toEqual([]);
  });
});
