// Hand-made scoreboard snapshots for unit tests of pure logic.
import type { ModelName } from '../../labs/config/types.ts';
import { emptySlot } from '../../labs/scoreboard/codec.ts';
import type { ProcessSnapshot, ScoreboardSnapshot, SlotStatus } from '../../labs/scoreboard/types.ts';

/**
 * `rows[i]` is the status letters of process slot i's threads ('' = no process there),
 * e.g. makeSnapshot('prefork', ['_', 'W', '', '_']).
 */
export function makeSnapshot(
  model: ModelName,
  rows: string[],
  options: { threadsPerChild?: number; maxRequestWorkers?: number; generation?: number; quiescing?: number[]; notAccepting?: number[]; now?: number } = {},
): ScoreboardSnapshot {
  const threadsPerChild = options.threadsPerChild ?? 1;
  const generation = options.generation ?? 0;
  const now = options.now ?? 1_000_000;
  const processes: ProcessSnapshot[] = rows.map((row, slot) => ({
    slot,
    pid: row === '' ? 0 : 1000 + slot,
    generation,
    quiescing: options.quiescing?.includes(slot) ? 1 : 0,
    notAccepting: options.notAccepting?.includes(slot) ? 1 : 0,
    startedAt: now - 5000,
    connections: 0,
    keepAlive: 0,
    closing: 0,
    writing: 0,
    waitIo: 0,
  }));
  const slots = rows.map((row, p) =>
    Array.from({ length: threadsPerChild }, (_, t) => ({
      ...emptySlot(),
      process: p,
      thread: t,
      status: (row === '' ? '.' : (row[t] ?? row[0]!)) as SlotStatus,
      pid: row === '' ? 0 : 1000 + p,
      tid: row === '' ? 0 : 1000 + p * 100 + t,
    })),
  );
  return {
    model,
    serverLimit: rows.length,
    threadLimit: threadsPerChild,
    threadsPerChild,
    maxRequestWorkers: options.maxRequestWorkers ?? rows.length * threadsPerChild,
    generation,
    startTime: now - 60_000,
    restartTime: now - 60_000,
    now,
    processes,
    slots,
  };
}
