// `mpm-lab progress [--json]`: where the learner is, from the progress file; JSON for
// instructors and autograders.
import type { Command } from 'commander';
import { listLessons, statusText } from '../lesson/lesson-list.ts';
import { progressPath, readProgress } from '../lesson/progress-file.ts';
import { STRINGS } from '../lesson/strings.ts';
import { jsonOption } from '../shared-options.ts';

export function registerProgress(program: Command): void {
  program
    .command('progress')
    .description('your progress through the lessons (kept in $XDG_STATE_HOME/mpm-lab/progress.json)')
    .addOption(jsonOption('print a JSON document instead of text'))
    .addHelpText('after', '\nExamples:\n  $ mpm-lab progress\n  $ mpm-lab progress --json')
    .action((options: { json?: boolean }) => {
      const file = progressPath();
      const progress = readProgress(file);
      const list = listLessons(progress);
      if (options.json) {
        const lessons = list.lessons.map((l) => {
          const saved = progress.lessons[String(l.number)];
          return {
            number: l.number,
            title: l.title,
            status: l.status.kind,
            step: saved?.step ?? 0,
            steps: l.steps,
            startedAt: saved?.startedAt ?? null,
            updatedAt: saved?.updatedAt ?? null,
            finishedAt: saved?.finishedAt ?? null,
          };
        });
        process.stdout.write(JSON.stringify({ file, next: list.next, lessons }, null, 2) + '\n');
        return;
      }
      for (const l of list.lessons) process.stdout.write(`  ${String(l.number).padStart(2)}  ${l.title}: ${statusText(l.status)}\n`);
      process.stdout.write(`\n${list.next === null ? STRINGS.allDone : STRINGS.nextLesson(list.next)}\n${STRINGS.progressFile(file)}\n`);
    });
}
