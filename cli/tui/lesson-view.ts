// `mpm-lab lesson N` in a terminal: the lesson in the live view. The lesson session (not started
// yet) is started by the dashboard; this resolves once the learner has left (q, Ctrl-C) and the
// session has closed, its labs stopped. However else the process ends (SIGTERM, the terminal
// closing, an error), the terminal is given back first and the lesson's exit hooks stop the labs.
import type { LiveLessonSession } from '../lesson/lesson-session.ts';
import { startDashboard } from './dashboard.ts';
import type { Dashboard } from './dashboard.ts';

export async function viewLesson(session: LiveLessonSession): Promise<void> {
  const { installExitHooks } = await import('../lesson/exit-hooks.ts');
  let view: Dashboard | null = null;
  const restore = () => view?.close();
  // An error's message must land on the normal screen: restore before the hooks print it.
  process.prependListener('uncaughtException', restore);
  process.prependListener('unhandledRejection', restore);
  const uninstall = installExitHooks(session, restore);
  try {
    await new Promise<void>((resolve) => {
      view = startDashboard({ lesson: session, onQuit: resolve });
    });
  } finally {
    restore();
    uninstall();
    process.off('uncaughtException', restore);
    process.off('unhandledRejection', restore);
  }
}
