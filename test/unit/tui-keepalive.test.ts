// After k, what the traffic pane says of the idle keep-alive connections the server closed:
// how many, when, and that KeepAliveTimeout closed them (or that something else did).
import { describe, expect, it } from 'vitest';
import { keepAliveOutcome } from '../../cli/tui/keep-alive-text.ts';
import { clock } from '../../cli/tui/log-model.ts';

const IDLE = 1_700_000_000_000;

describe('idle keep-alive connections closed by the server', () => {
  it('none closed yet: nothing new to say', () => {
    expect(keepAliveOutcome({ closedAt: [null, null], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 2)).toBeNull();
  });

  it('some closed, some still held; the timeout named only when the times fit it', () => {
    expect(keepAliveOutcome({ closedAt: [IDLE + 100, null], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 1)).toBe('1 closed by the server, 1 still held (k lets go)');
    expect(keepAliveOutcome({ closedAt: [IDLE + 5010, null, null], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 2)).toBe('1 closed by the server (KeepAliveTimeout 5 s), 2 still held (k lets go)');
  });

  it('all closed at KeepAliveTimeout: when, after how long idle, and why', () => {
    const closedAt = Array.from({ length: 16 }, (_, i) => IDLE + 5000 + i * 3);
    const said = keepAliveOutcome({ closedAt, openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 0)!;
    expect(said).toBe(`16 idle keep-alive connections closed by the server at ${clock(IDLE + 5045)}: idle for KeepAliveTimeout (5 s)`);
  });

  it('a connection that went idle early (before the last answer came) closes early: still the timeout', () => {
    expect(keepAliveOutcome({ closedAt: [IDLE + 4750, IDLE + 5020], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 0)).toMatch(/KeepAliveTimeout \(5 s\)$/);
  });

  it('closed seconds after KeepAliveTimeout ran out (a loaded machine fires timers late): still the timeout', () => {
    expect(keepAliveOutcome({ closedAt: [IDLE + 8200, IDLE + 8210], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 0)).toMatch(/: idle for KeepAliveTimeout \(5 s\)$/);
  });

  it('event, closed before KeepAliveTimeout with no exit or restart: a process whose workers were all busy gave them up', () => {
    const rec = { closedAt: [IDLE + 800, IDLE + 810], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: true };
    expect(keepAliveOutcome(rec, 0)).toBe(
      `2 idle keep-alive connections closed by the server at ${clock(IDLE + 810)}, before KeepAliveTimeout: a process whose workers were all busy gave up its parked connections, so that their clients may go to another (as httpd's event does)`,
    );
    expect(keepAliveOutcome({ ...rec, closedAt: [IDLE + 800, null] }, 1)).toBe('1 closed by the server (a process whose workers were all busy gave up its parked connections), 1 still held (k lets go)');
    // at the timeout, the timeout is why, on event too
    expect(keepAliveOutcome({ ...rec, closedAt: [IDLE + 5000, IDLE + 5010] }, 0)).toMatch(/: idle for KeepAliveTimeout \(5 s\)$/);
  });

  it('closed long before KeepAliveTimeout (a restart, event under load): not blamed on the timeout', () => {
    const said = keepAliveOutcome({ closedAt: [IDLE + 800, IDLE + 810], openedAt: IDLE - 300, idleSince: IDLE, timeoutMs: 5000, workersBusyExplains: false }, 0)!;
    expect(said).toBe(`2 idle keep-alive connections closed by the server at ${clock(IDLE + 810)}`);
    expect(said).not.toContain('KeepAliveTimeout');
  });
});
