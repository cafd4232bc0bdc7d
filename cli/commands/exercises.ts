// `mpm-lab exercises`: the classroom exercises, each with its goal.
import type { Command } from 'commander';
import { EXERCISES } from '../exercise/catalog.ts';
import { readExerciseText } from '../exercise/exercise-files.ts';
import { STRINGS } from '../exercise/strings.ts';

export function registerExercises(program: Command): void {
  program
    .command('exercises')
    .description('the classroom exercises: a workload and a goal with numbers, a config to fix')
    .addHelpText('after', '\nExamples:\n  $ mpm-lab exercises\n  $ mpm-lab exercise 1 && mpm-lab verify 1')
    .action(() => {
      const lines: string[] = [STRINGS.listTitle];
      for (const def of EXERCISES) {
        const text = readExerciseText(def);
        lines.push(STRINGS.listLine(def.number, text.title, text.goal));
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
