import { runtimeName } from './runtime-name.ts';

/**
 * Whether the parent must wait for the child's receipt of each message before it sends the
 * next. Deno needs it twice over: its send() dup()s a socket's fd and queues the message
 * until the handle before is acknowledged, and the duplicates of a child that dies first are
 * never closed; and its reader gives a passed fd to the first message of the read that
 * brought it, so a message read together with a connection's takes its fd, and the
 * connection is lost. Node and Bun need neither.
 */
export function messagesToChildNeedReceipt(): boolean {
  return runtimeName() === 'deno';
}
