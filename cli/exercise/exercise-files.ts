// Where an exercise's files are: fixtures/exercises/NN-name/ in the package (shipped as they are).
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../lessons/package-root.ts';
import { UsageError } from '../usage-error.ts';
import { parseExerciseMarkdown } from './exercise-text.ts';
import type { ExerciseText } from './exercise-text.ts';
import type { ExerciseDef } from '../../lessons/exercise-check/types.ts';

export type ExerciseFile = 'start.conf' | 'answer.conf' | 'exercise.md';

export function exercisePath(def: Pick<ExerciseDef, 'folder'>, file: ExerciseFile, root = packageRoot()): string {
  return path.join(root, 'fixtures', 'exercises', def.folder, file);
}

export function readExerciseFile(def: Pick<ExerciseDef, 'folder'>, file: ExerciseFile, root = packageRoot()): string {
  const at = exercisePath(def, file, root);
  try {
    return fs.readFileSync(at, 'utf8');
  } catch (error) {
    throw new UsageError(`exercise ${def.folder}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}: ${at}).\n  Reinstall mpm-lab.`, 1);
  }
}

export function readExerciseText(def: Pick<ExerciseDef, 'folder'>, root = packageRoot()): ExerciseText {
  return parseExerciseMarkdown(readExerciseFile(def, 'exercise.md', root));
}
