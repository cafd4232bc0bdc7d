// How the parent hands a connection to a child and lets go of its own copy: once the message
// is written (not when the child acknowledges it), and at once for whatever is still on its
// way when the child dies; where the runtime needs it (Deno), one message at a time.
import type { ChildProcess } from 'node:child_process';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ChildHandle } from '../../labs/server/child-handle.ts';
import type { ToChild } from '../../labs/server/messages.ts';

interface Sent {
  message: ToChild;
  socket?: FakeSocket;
  options?: unknown;
  written?: () => void;
}

class FakeSocket {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
  }
}

function fakeProcess(sent: Sent[]): ChildProcess & { disconnected: boolean } {
  const p = {
    pid: 42,
    connected: true,
    disconnected: false,
    send: (message: ToChild, socket?: FakeSocket, options?: unknown, written?: () => void) => (sent.push({ message, socket, options, written }), true),
    disconnect: () => {
      p.connected = false;
      p.disconnected = true;
    },
  };
  return p as unknown as ChildProcess & { disconnected: boolean };
}

const socket = () => new FakeSocket() as unknown as net.Socket & FakeSocket;

function readyChild(paced: boolean) {
  const sent: Sent[] = [];
  const proc = fakeProcess(sent);
  const child = new ChildHandle(proc, 0, 0, paced);
  child.ready();
  return { child, sent, proc };
}

describe('handing a connection to a child', () => {
  it('keeps the parent copy until the message is written, then closes it', () => {
    const { child, sent } = readyChild(false);
    const s = socket();
    child.hand(s);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.options).toEqual({ keepOpen: true });
    expect(s.destroyed).toBe(false);
    sent[0]!.written!();
    expect(s.destroyed).toBe(true);
    expect(child.inFlight).toBe(1);
  });

  it('closes at once what is still on its way when the child exits, and the channel', () => {
    const { child, sent, proc } = readyChild(false);
    const [a, b, c] = [socket(), socket(), socket()];
    child.hand(a);
    child.hand(b);
    child.hand(c);
    sent[0]!.written!(); // only the first was written before the child died
    child.closeAfterExit();
    expect([a.destroyed, b.destroyed, c.destroyed]).toEqual([true, true, true]);
    expect(proc.disconnected).toBe(true);
    expect(child.inFlight).toBe(3); // all three are lost with it
  });

  it('where the runtime needs a receipt, sends one message at a time, each after the last one is read', () => {
    const { child, sent } = readyChild(true);
    const [a, b] = [socket(), socket()];
    child.hand(a);
    child.tell({ t: 'full' });
    child.hand(b);
    expect(sent.map((m) => m.message.t)).toEqual(['c']);
    sent[0]!.written!();
    child.received();
    expect(sent.map((m) => m.message.t)).toEqual(['c', 'full']);
    child.received();
    expect(sent.map((m) => m.message.t)).toEqual(['c', 'full', 'c']);
    expect(sent[2]!.socket).toBe(b);
    child.received();
    child.tell({ t: 'stop' });
    expect(sent.map((m) => m.message.t)).toEqual(['c', 'full', 'c', 'stop']); // nothing was waiting: at once
  });

  it('where the runtime needs a receipt, a child that dies closes the ones still waiting for it', () => {
    const { child, sent } = readyChild(true);
    const [a, b] = [socket(), socket()];
    child.hand(a);
    child.hand(b);
    expect(sent).toHaveLength(1);
    child.closeAfterExit();
    expect([a.destroyed, b.destroyed]).toEqual([true, true]);
    child.received(); // a receipt read after the exit sends nothing more
    expect(sent).toHaveLength(1);
  });
});
