// What became of the idle keep-alive connections the view holds (k): how many the server
// closed, when, and whether KeepAliveTimeout explains it. Pure: the close times are the
// client's record (labs/client/hold-keep-alive.ts), the clock is passed in.
import { clock } from './log-model.ts';
import { STRINGS as S } from './strings.ts';

/**
 * A close no earlier than this before KeepAliveTimeout runs out is the timeout. There is no
 * upper bound: a busy machine (two cores running the whole test suite) fires the lab's timers
 * and this process's socket events seconds late, and nothing else closes a connection that has
 * outlived its timeout.
 */
export const TIMEOUT_SLACK_MS = 1000;

export interface HeldRecord {
  closedAt: readonly (number | null)[]; // by the server; null: open, or closed by us
  openedAt: number; // epoch ms the clients were started: none was idle before
  idleSince: number; // epoch ms every answer had been read: all idle from then on
  timeoutMs: number; // the lab's KeepAliveTimeout
  /**
   * Early closes can only be event giving up its parked connections because a process found
   * all its workers busy: the lab is event with KeepAlive on, and no child exited and no
   * restart came while the connections were held. Kept up to date by the caller.
   */
  workersBusyExplains: boolean;
}

/** Connections the server has closed so far. */
export function closedByServer(h: HeldRecord): number[] {
  return h.closedAt.filter((t): t is number => t !== null).sort((a, b) => a - b);
}

/**
 * The line for the traffic pane once the server closed some (`open` still held) or all of
 * them; null when it closed none.
 */
export function keepAliveOutcome(h: HeldRecord, open: number): string | null {
  const closed = closedByServer(h);
  if (closed.length === 0) return null;
  const timeoutS = Math.round(h.timeoutMs / 100) / 10;
  const last = closed[closed.length - 1]!;
  // Each went idle between openedAt and idleSince; the timeout closes it that long after, or later.
  const byTimeout = closed.every((t) => t >= h.openedAt + h.timeoutMs - TIMEOUT_SLACK_MS);
  if (byTimeout) return open > 0 ? S.keepAliveSomeClosed(closed.length, open, timeoutS) : S.keepAliveClosedByServer(closed.length, clock(last), timeoutS);
  if (h.workersBusyExplains) return open > 0 ? S.keepAliveSomeGivenUp(closed.length, open) : S.keepAliveGivenUp(closed.length, clock(last));
  return open > 0 ? S.keepAliveSomeClosed(closed.length, open, null) : S.keepAliveClosedOther(closed.length, clock(last));
}
