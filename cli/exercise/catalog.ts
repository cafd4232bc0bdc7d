// The classroom exercises, in order: each a workload and a goal with numbers. Their words, the
// starting config and the instructor's answer are in fixtures/exercises/NN-name/.
import type { ExerciseDef } from '../../lessons/exercise-check/types.ts';

export const EXERCISES: readonly ExerciseDef[] = [
  {
    number: 1,
    folder: '01-slow-clients',
    workload: { kind: 'slow-requests', clients: 8, ms: 1500 },
    goal: { limitMs: 2500 },
  },
  {
    number: 2,
    folder: '02-keep-alive',
    workload: { kind: 'keep-alive-then-fresh', held: 8, fresh: 4 },
    goal: { limitMs: 1000, maxProcesses: 2 },
  },
  {
    number: 3,
    folder: '03-server-limit',
    workload: { kind: 'slow-requests', clients: 12, ms: 1500 },
    goal: { limitMs: 2500, threadsPerChild: 4 },
  },
  {
    number: 4,
    folder: '04-memory-budget',
    workload: { kind: 'slow-requests', clients: 8, ms: 1500 },
    goal: { limitMs: 2500, maxProcesses: 2 },
  },
  {
    number: 5,
    folder: '05-slow-headers',
    workload: { kind: 'slow-headers-then-fresh', slow: 4, lines: 10, everyMs: 500, fresh: 2 },
    goal: { limitMs: 3000 },
  },
];

export function findExercise(number: number): ExerciseDef | undefined {
  return EXERCISES.find((e) => e.number === number);
}
