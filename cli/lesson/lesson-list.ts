// The lessons with their titles, goals and the learner's progress: what `mpm-lab lessons`,
// `mpm-lab progress` and `mpm-lab` alone show. Reads only the Markdown (no engine: fast).
import { LESSONS } from '../../lessons/manifest.ts';
import { readLessonMarkdown } from './lesson-files.ts';
import { parseLessonMarkdown } from './markdown.ts';
import { nextLesson, statusOf } from './progress-model.ts';
import type { LessonStatus, Progress } from './progress-model.ts';
import { STRINGS } from './strings.ts';

export interface ListedLesson {
  number: number;
  title: string;
  goal: string;
  steps: number;
  status: LessonStatus;
}

export function listLessons(progress: Progress): { lessons: ListedLesson[]; next: number | null } {
  const lessons = LESSONS.map((entry) => {
    const text = parseLessonMarkdown(readLessonMarkdown(entry));
    return { number: entry.number, title: text.title, goal: text.goal, steps: text.steps.length, status: statusOf(progress, entry.number) };
  });
  return { lessons, next: nextLesson(progress, LESSONS.map((l) => l.number)) };
}

export function statusText(status: LessonStatus): string {
  switch (status.kind) {
    case 'done':
      return STRINGS.statusDone;
    case 'started':
      return STRINGS.statusStarted(status.step, status.of);
    case 'new':
      return STRINGS.statusNew;
  }
}

/** The list as text, rustlings-style: number, title, status, goal; then the next command. */
export function renderLessonList(list: { lessons: ListedLesson[]; next: number | null }, progressFile: string): string {
  const width = Math.max(...list.lessons.map((l) => l.title.length));
  const lines = [`${STRINGS.listHeading}:`, ''];
  for (const l of list.lessons) {
    lines.push(`  ${String(l.number).padStart(2)}  ${l.title.padEnd(width)}  ${statusText(l.status)}`);
    lines.push(`      ${l.goal}`);
  }
  lines.push('');
  const anyStarted = list.lessons.some((l) => l.status.kind !== 'new');
  if (list.next === null) lines.push(STRINGS.allDone);
  else lines.push(anyStarted ? STRINGS.nextLesson(list.next) : STRINGS.startHere(list.next));
  lines.push(STRINGS.progressFile(progressFile));
  return lines.join('\n') + '\n';
}
