// The lessons, in order (as rustlings' info.toml): each a folder with lesson.md (every word the
// learner reads) and steps.ts (the experiments and checks). The list needs only the Markdown;
// the steps, and with them the engine, are loaded when a lesson runs.
import type { LessonDef } from './step-types.ts';

export interface LessonEntry {
  number: number; // `mpm-lab lesson N`
  folder: string; // under lessons/
  load(): Promise<LessonDef>;
}

export const LESSONS: readonly LessonEntry[] = [
  { number: 1, folder: '01-who-answers', load: async () => (await import('./01-who-answers/steps.ts')).lesson },
  { number: 2, folder: '02-prefork-under-load', load: async () => (await import('./02-prefork-under-load/steps.ts')).lesson },
  { number: 3, folder: '03-worker-shared-fate', load: async () => (await import('./03-worker-shared-fate/steps.ts')).lesson },
  { number: 4, folder: '04-keepalive-worker', load: async () => (await import('./04-keepalive-worker/steps.ts')).lesson },
  { number: 5, folder: '05-event', load: async () => (await import('./05-event/steps.ts')).lesson },
  { number: 6, folder: '06-sizing', load: async () => (await import('./06-sizing/steps.ts')).lesson },
  { number: 7, folder: '07-recycling', load: async () => (await import('./07-recycling/steps.ts')).lesson },
  { number: 8, folder: '08-slow-clients', load: async () => (await import('./08-slow-clients/steps.ts')).lesson },
  { number: 9, folder: '09-capstone', load: async () => (await import('./09-capstone/steps.ts')).lesson },
];
