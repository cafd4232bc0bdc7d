// How a child learns what it is. Its command line holds only its model and slot, so that it
// can name itself at once: anyone on the machine can read /proc/PID/cmdline, so the token and
// the config (which may be large) come as the parent's first message on the IPC channel.
import type { ModelName } from '../config/types.ts';
import type { ChildOptions, ToChild } from '../server/messages.ts';

const OPTIONS_WAIT_MS = 10_000;

function startedByHand(): never {
  process.stderr.write("mpm-lab: this file is started by the lab's parent process, not by hand.\n  Run `mpm-lab run MODEL` instead.\n");
  process.exit(2);
}

/** Model and slot, from the command line (`child-entry.js MODEL SLOT`): cheap, at once, not secret. */
export function childIdentity(): { model: ModelName; slot: number } {
  const [model, slot] = process.argv.slice(2);
  // A channel that is already closed is a parent that died: exitWithParent() clears up after it.
  if (!model || !slot || !/^\d+$/.test(slot) || typeof process.send !== 'function') startedByHand();
  return { model: model as ModelName, slot: Number(slot) };
}

/**
 * The rest of the options: the parent sends them first thing after the fork (the channel
 * keeps them until this listens). Nothing may be served before they arrive; a child that
 * never gets them says so and exits rather than wait forever.
 */
export function receiveOptions(timeoutMs = OPTIONS_WAIT_MS): Promise<ChildOptions> {
  if (!process.connected) startedByHand();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write(
        `mpm-lab: child pid ${process.pid} got no options from the lab's parent within ${timeoutMs / 1000} s, so it exits.\n` +
          '  The parent may be overloaded or gone; start the lab again with `mpm-lab run MODEL`.\n',
      );
      process.exit(2);
    }, timeoutMs);
    const onMessage = (message: ToChild) => {
      if (message.t !== 'options') return; // nothing else is sent before them
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve(message.options);
    };
    process.on('message', onMessage);
  });
}
