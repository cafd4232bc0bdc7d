// Where the lessons' Markdown is. Node runs dist/cli/lesson/, Bun and Deno run cli/lesson/;
// the .md files are never compiled, so both find them in the package's own lessons/ folder.
import fs from 'node:fs';
import path from 'node:path';
import type { LessonEntry } from '../../lessons/manifest.ts';
import { packageRoot } from '../../lessons/package-root.ts';
import { UsageError } from '../usage-error.ts';

export function lessonMarkdownPath(entry: Pick<LessonEntry, 'folder'>, root = packageRoot()): string {
  return path.join(root, 'lessons', entry.folder, 'lesson.md');
}

export function readLessonMarkdown(entry: Pick<LessonEntry, 'folder'>, root = packageRoot()): string {
  const file = lessonMarkdownPath(entry, root);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    // A manifest entry without its text: a broken install or a lesson still being written.
    throw new UsageError(`the text of lesson ${entry.folder} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}: ${file}).\n  Reinstall mpm-lab; writing a lesson, add its lesson.md (README: Writing a lesson).`, 1);
  }
}
