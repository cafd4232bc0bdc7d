import type { Command } from 'commander';
import { registerCompare } from './compare.ts';
import { registerConfig } from './config.ts';
import { registerCtl } from './ctl.ts';
import { registerDoctor } from './doctor.ts';
import { registerExercise } from './exercise.ts';
import { registerExercises } from './exercises.ts';
import { registerHelp } from './help.ts';
import { registerLesson } from './lesson.ts';
import { registerLessons } from './lessons.ts';
import { registerLoad } from './load.ts';
import { registerProgress } from './progress.ts';
import { registerPs } from './ps.ts';
import { registerRun } from './run.ts';
import { registerStatus } from './status.ts';
import { registerVerify } from './verify.ts';
import { registerWatch } from './watch.ts';

// Each command lives in its own file and registers itself here.
export function registerCommands(program: Command): void {
  registerLessons(program);
  registerLesson(program);
  registerProgress(program);
  registerRun(program);
  registerConfig(program);
  registerCtl(program);
  registerPs(program);
  registerStatus(program);
  registerLoad(program);
  registerCompare(program);
  registerWatch(program);
  registerExercises(program);
  registerExercise(program);
  registerVerify(program);
  registerDoctor(program);
  registerHelp(program); // last: it lists and finds the others
}
