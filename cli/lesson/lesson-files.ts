// Where the lessons' Markdown is. Node runs dist/cli/lesson/, Bun and Deno run cli/lesson/;
// the .md files are never compiled, so both find them in the package's own lessons/ folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LessonEntry } from '../../lessons/manifest.ts';
import { UsageError } from '../usage-error.ts';

/** The package folder: the nearest one above this file with package.json and lessons/. */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    // lessons/ holds only the Markdown in the npm package (its .ts is compiled into dist/lessons/)
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'lessons'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`mpm-lab: the lessons folder was not found above ${from}; reinstall mpm-lab`);
    dir = up;
  }
}

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
