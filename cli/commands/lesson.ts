// `mpm-lab lesson N [--plain] [--reset]`: take a lesson. This process is the parent of the
// labs the lesson starts; they stop when the lesson ends, however it ends. The engine is
// loaded only here, lazily, so that `mpm-lab lessons` and `--help` start fast.
import type { Command } from 'commander';
import { LESSONS } from '../../lessons/manifest.ts';
import { progressPath, readProgress, writeProgress } from '../lesson/progress-file.ts';
import { nextLesson, resetLesson } from '../lesson/progress-model.ts';
import { STRINGS } from '../lesson/strings.ts';
import { UsageError } from '../usage-error.ts';

interface LessonOptions {
  plain?: boolean;
  reset?: boolean;
}

export function parseLessonNumber(value: string): number {
  const numbers = LESSONS.map((l) => l.number);
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!numbers.includes(n)) throw new UsageError(STRINGS.unknownLesson(value, numbers));
  return n;
}

export function registerLesson(program: Command): void {
  program
    .command('lesson')
    .description('take lesson N: predict, run the experiment on a live lab, see what happened and why')
    .argument('<N>', 'the lesson number (mpm-lab lessons lists them)')
    .option('--plain', 'text only, for screen readers, handouts and CI; without a terminal every experiment runs by itself and every claim is checked')
    .option('--reset', 'start the lesson over (forget its progress)')
    .addHelpText('after', '\nExamples:\n  $ mpm-lab lesson 1\n  $ mpm-lab lesson 3 --plain\n  $ mpm-lab lesson 3 --plain < /dev/null   # runs unattended, exit 1 if the lab did not behave as taught')
    .action(async (value: string, options: LessonOptions) => {
      const number = parseLessonNumber(value);
      const file = progressPath();
      if (options.reset) writeProgress(resetLesson(readProgress(file), number), file);
      else readProgress(file); // a broken progress file is reported before any lab starts
      await takeLesson(number, options.plain === true, file);
    });
}

async function takeLesson(number: number, plain: boolean, file: string): Promise<void> {
  const [{ createLessonSession }, { attachTranscript, runInteractive, runUnattended }, { installExitHooks }] = await Promise.all([
    import('../lesson/open-lesson.ts'),
    import('../lesson/plain-driver.ts'),
    import('../lesson/exit-hooks.ts'),
  ]);
  const session = await createLessonSession({ number, progressFile: file });
  if (!plain && process.stdin.isTTY && process.stdout.isTTY) {
    // A terminal: the lesson in the live view (cli/tui/lesson-view.ts), which closes the session.
    await (await import('../tui/lesson-view.ts')).viewLesson(session);
    process.exit(session.claimResults().some((r) => !r.ok) ? 1 : 0);
  }
  const write = (text: string) => process.stdout.write(text);
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {}); // a closed pipe: the lesson still ends cleanly
  const hooks = installExitHooks(session);
  attachTranscript(session, write);
  const interactive = process.stdin.isTTY === true;
  if (!interactive) write(STRINGS.plainNoTerminal + '\n');
  let result;
  try {
    result = interactive ? await runInteractive(session, process.stdin, process.stdout) : await runUnattended(session);
  } finally {
    await session.close();
    const signalled = hooks.endedWith();
    // Ended by a signal or an error: the labs are stopped; exit with its code (143 for SIGTERM).
    if (signalled !== null) process.exit(signalled);
    hooks();
  }
  const failed = session.claimResults().filter((r) => !r.ok);
  if (result.finished) {
    if (failed.length === 0) write(STRINGS.finishedOk(number) + '\n');
    const next = nextLesson(readProgress(file), LESSONS.map((l) => l.number));
    write((next === null ? STRINGS.allDone : STRINGS.nextLesson(next)) + '\n');
  }
  if (failed.length > 0) {
    process.stderr.write(`mpm-lab: ${STRINGS.finishedFailed(number, failed.length)}\n`);
    for (const r of failed) process.stderr.write(`  ${r.id}: ${r.text.replace(/\n/g, ' ')}${r.measured ? ` (${STRINGS.claimMeasured(r.measured)})` : ''}\n`);
    process.exitCode = 1;
  }
  // Labs are stopped; an open handle (a readline, a timer) must not keep the process alive.
  process.exit(process.exitCode ?? 0);
}
