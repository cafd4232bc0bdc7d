// `mpm-lab lessons --check`: every lesson in the manifest is well-formed. Loads the steps
// (and so the engine), never starts a lab.
import type { LessonEntry } from '../../lessons/manifest.ts';
import { checkLesson } from './check-lesson.ts';
import { readLessonMarkdown } from './lesson-files.ts';
import { parseLessonMarkdown } from './markdown.ts';
import { STRINGS } from './strings.ts';

/** Checks `entries` (lesson folders under `root`/lessons) and says what is wrong; true when all are well-formed. */
export async function checkLessons(entries: readonly LessonEntry[], write: (line: string) => void, root?: string): Promise<boolean> {
  let ok = true;
  const numbers = new Set<number>();
  for (const entry of entries) {
    if (numbers.has(entry.number)) {
      write(`FAIL the manifest lists lesson ${entry.number} twice`);
      ok = false;
    }
    numbers.add(entry.number);
    let problems: string[];
    let title = entry.folder;
    let steps = 0;
    try {
      const text = parseLessonMarkdown(readLessonMarkdown(entry, root));
      title = text.title || title;
      const def = await entry.load();
      steps = def.steps.length;
      problems = checkLesson(text, def);
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    if (problems.length === 0) write(STRINGS.checkOk(entry.number, title, steps));
    else {
      ok = false;
      write(STRINGS.checkFailed(entry.number, title));
      for (const p of problems) write(`       ${p.replace(/\n\s*/g, '\n       ')}`);
    }
  }
  return ok;
}
