// Opens lesson N: its Markdown, its steps (loaded only now: they bring the engine), the
// progress file, and a session over them.
import { LESSONS } from '../../lessons/manifest.ts';
import type { LessonEntry } from '../../lessons/manifest.ts';
import { LiveLessonSession } from './lesson-session.ts';
import { readLessonMarkdown } from './lesson-files.ts';
import { parseLessonMarkdown } from './markdown.ts';
import { progressPath, readProgress, writeProgress } from './progress-file.ts';

export function findLesson(number: number): LessonEntry | undefined {
  return LESSONS.find((l) => l.number === number);
}

export async function createLessonSession(options: { number: number; startAt?: number; progressFile?: string }): Promise<LiveLessonSession> {
  const entry = findLesson(options.number);
  if (!entry) throw new Error(`no lesson ${options.number}`);
  const text = parseLessonMarkdown(readLessonMarkdown(entry));
  const def = await entry.load();
  const file = options.progressFile ?? progressPath();
  return new LiveLessonSession({
    entry,
    text,
    def,
    progress: { load: () => readProgress(file), save: (p) => writeProgress(p, file) },
    ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
  });
}
