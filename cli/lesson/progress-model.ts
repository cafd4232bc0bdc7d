// The learner's progress, as a value: which lessons are done, which started and where. Pure,
// with the time given; progress-file.ts reads and writes it.

export interface LessonProgress {
  step: number; // the step to resume at, from 1
  steps: number; // how many steps the lesson had
  done: boolean;
  startedAt: string; // ISO time
  updatedAt: string;
  finishedAt?: string;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>; // by lesson number, "1", "3"
}

export type LessonStatus = { kind: 'done' } | { kind: 'started'; step: number; of: number } | { kind: 'new' };

export function emptyProgress(): Progress {
  return { version: 1, lessons: {} };
}

export function statusOf(progress: Progress, lesson: number): LessonStatus {
  const p = progress.lessons[String(lesson)];
  if (!p) return { kind: 'new' };
  if (p.done) return { kind: 'done' };
  return { kind: 'started', step: p.step, of: p.steps };
}

/** The learner reached `step` (from 1) of `steps`. Reaching a step never undoes "done". */
export function recordStep(progress: Progress, lesson: number, step: number, steps: number, now: Date): Progress {
  const key = String(lesson);
  const old = progress.lessons[key];
  const time = now.toISOString();
  const next: LessonProgress = old
    ? { ...old, step, steps, updatedAt: time }
    : { step, steps, done: false, startedAt: time, updatedAt: time };
  return { ...progress, lessons: { ...progress.lessons, [key]: next } };
}

export function recordDone(progress: Progress, lesson: number, steps: number, now: Date): Progress {
  const base = recordStep(progress, lesson, steps, steps, now);
  const key = String(lesson);
  return { ...base, lessons: { ...base.lessons, [key]: { ...base.lessons[key]!, done: true, finishedAt: now.toISOString() } } };
}

export function resetLesson(progress: Progress, lesson: number): Progress {
  const lessons = { ...progress.lessons };
  delete lessons[String(lesson)];
  return { ...progress, lessons };
}

/** The lesson to take next: the first not done, in the manifest's order; null when all are. */
export function nextLesson(progress: Progress, numbers: readonly number[]): number | null {
  return numbers.find((n) => statusOf(progress, n).kind !== 'done') ?? null;
}

/** Reads a parsed progress file, keeping what is well-formed and dropping the rest. */
export function sanitizeProgress(value: unknown): Progress | null {
  if (typeof value !== 'object' || value === null) return null;
  const lessons = (value as { lessons?: unknown }).lessons;
  if (typeof lessons !== 'object' || lessons === null) return null;
  const out = emptyProgress();
  for (const [key, raw] of Object.entries(lessons as Record<string, unknown>)) {
    if (!/^\d+$/.test(key) || typeof raw !== 'object' || raw === null) continue;
    const p = raw as Partial<LessonProgress>;
    if (typeof p.step !== 'number' || typeof p.steps !== 'number' || typeof p.done !== 'boolean') continue;
    out.lessons[key] = {
      step: p.step,
      steps: p.steps,
      done: p.done,
      startedAt: String(p.startedAt ?? ''),
      updatedAt: String(p.updatedAt ?? ''),
      ...(p.finishedAt ? { finishedAt: String(p.finishedAt) } : {}),
    };
  }
  return out;
}
