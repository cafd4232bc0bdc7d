// N idle keep-alive clients: each sends one request, reads the answer and stays connected,
// doing nothing. In worker each one holds a thread (K) until KeepAliveTimeout; in event they
// are parked in the listener. They are let go after holdMs at most, or by release().
import { holdKeepAlive } from '../client/hold-keep-alive.ts';
import type { KeepAliveHold } from '../client/types.ts';
import { labUrl } from './lab-url.ts';
import { LIMITS, checkWhole } from './limits.ts';
import type { LabAddress } from './types.ts';

export interface HeldClients {
  hold: KeepAliveHold;
  /** Connections still open (the server closes them at KeepAliveTimeout). */
  open(): number;
  /** Closes every connection we still hold; safe to call twice. */
  release(): void;
  /** Resolves when every connection is closed, by the server, by release() or at holdMs. */
  readonly closed: Promise<void>;
}

export interface HoldOptions {
  lab: LabAddress;
  count: number;
  holdMs?: number; // default 30000, at most LIMITS.maxHoldMs
  path?: string;
}

export async function holdKeepAliveClients(options: HoldOptions): Promise<HeldClients> {
  checkWhole('holdKeepAliveClients', 'count', options.count, 1, LIMITS.maxHeld);
  const holdMs = options.holdMs ?? 30_000;
  checkWhole('holdKeepAliveClients', 'holdMs', holdMs, 1, LIMITS.maxHoldMs);
  const hold = await holdKeepAlive(labUrl(options.lab, options.path ?? '/'), options.count, { timeoutMs: LIMITS.timeoutMs });
  let release!: () => void;
  const closed = new Promise<void>((resolve) => {
    const cap = setTimeout(() => release(), holdMs);
    const poll = setInterval(() => {
      if (hold.open() === 0) release();
    }, 250);
    release = () => {
      clearTimeout(cap);
      clearInterval(poll);
      hold.close();
      resolve();
    };
  });
  return { hold, open: () => hold.open(), release: () => release(), closed };
}
