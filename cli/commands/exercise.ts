// `mpm-lab exercise N [--force] [--hint]`: states exercise N's goal and writes its starting
// httpd.conf into the current folder (never over an existing file without --force).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { EXERCISES, findExercise } from '../exercise/catalog.ts';
import { readExerciseFile, readExerciseText } from '../exercise/exercise-files.ts';
import { STRINGS } from '../exercise/strings.ts';
import type { ExerciseDef } from '../../lessons/exercise-check/types.ts';
import { UsageError } from '../usage-error.ts';

export const DEFAULT_CONFIG = 'httpd.conf';

export function parseExerciseNumber(value: string): ExerciseDef {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  const def = findExercise(n);
  if (!def) throw new UsageError(STRINGS.unknownExercise(value, EXERCISES.map((e) => e.number)));
  return def;
}

export function registerExercise(program: Command): void {
  program
    .command('exercise')
    .description('state exercise N\'s goal and write its starting httpd.conf into this folder')
    .argument('<N>', 'the exercise number (mpm-lab exercises lists them)')
    .option('-o, --output <FILE>', 'where to write the starting config', DEFAULT_CONFIG)
    .option('--force', 'write over an existing file')
    .option('--hint', 'show the hints (and write nothing)')
    .addHelpText('after', '\nExamples:\n  $ mpm-lab exercise 1\n  $ mpm-lab exercise 2 --output keep-alive.conf\n  $ mpm-lab exercise 1 --hint')
    .action((value: string, opts: { output: string; force?: boolean; hint?: boolean }) => {
      const def = parseExerciseNumber(value);
      const text = readExerciseText(def);
      if (opts.hint) {
        process.stdout.write(text.hints.map((h, i) => STRINGS.hint(i + 1, h.replace(/\s*\n\s*/g, ' '))).join('\n') + '\n');
        return;
      }
      const file = path.resolve(opts.output);
      const start = readExerciseFile(def, 'start.conf');
      try {
        // 'wx' fails if the file exists: never over someone's edits, and never through a link someone made
        fs.writeFileSync(file, start, { flag: opts.force ? 'w' : 'wx', mode: 0o600 });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new UsageError(STRINGS.exists(file), 1);
        throw new UsageError(`${file} cannot be written (${code ?? String(error)}). Choose another place with --output FILE.`, 1);
      }
      process.stdout.write(
        [STRINGS.written(def.number, text.title, file), '', STRINGS.goal(text.goal), '', text.intro, '', STRINGS.next(def.number, opts.output), STRINGS.hintsLine(def.number)].join('\n') + '\n',
      );
    });
}
