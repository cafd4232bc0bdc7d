// `mpm-lab lessons [--check]`: the lessons, each with its goal and the learner's progress,
// and the command for the next one. Reads only the Markdown: it starts fast.
import type { Command } from 'commander';
import { LESSONS } from '../../lessons/manifest.ts';
import { listLessons, renderLessonList } from '../lesson/lesson-list.ts';
import { progressPath, readProgress } from '../lesson/progress-file.ts';

export function printLessonList(): void {
  const file = progressPath();
  process.stdout.write(renderLessonList(listLessons(readProgress(file)), file));
}

export function registerLessons(program: Command): void {
  program
    .command('lessons')
    .description('the lessons, your progress, and the next one to take')
    .option('--check', 'prove every lesson well-formed (its text and its steps agree); exit 1 if not')
    .addHelpText('after', '\nExamples:\n  $ mpm-lab lessons\n  $ mpm-lab lessons --check')
    .action(async (options: { check?: boolean }) => {
      if (!options.check) {
        printLessonList();
        return;
      }
      const { checkLessons } = await import('../lesson/check-all.ts');
      const ok = await checkLessons(LESSONS, (line) => process.stdout.write(line + '\n'));
      if (!ok) process.exitCode = 1;
    });
}
