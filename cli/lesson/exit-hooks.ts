// However a lesson ends (q, Ctrl-C, SIGTERM, the terminal closing, an error), its labs stop
// and nothing keeps running or listening. SIGKILL cannot be caught: then the children see
// their IPC channel close and exit, and the listening socket dies with this process.
import type { LiveLessonSession } from './lesson-session.ts';

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Calling it uninstalls the hooks; endedWith() is the exit code a signal or an error asked for (null while none did). */
export type ExitHooks = (() => void) & { endedWith(): number | null };

export function installExitHooks(session: LiveLessonSession, beforeExit: () => void = () => {}): ExitHooks {
  let ending: number | null = null;
  const end = (code: number) => {
    if (ending !== null) return;
    ending = code;
    beforeExit();
    const force = setTimeout(() => process.exit(code), 8000);
    force.unref();
    void session.close().finally(() => process.exit(code));
  };
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, code]) => {
    const handler = () => end(code!);
    process.on(signal as NodeJS.Signals, handler);
    return [signal as NodeJS.Signals, handler] as const;
  });
  const onExit = () => session.killLabsNow();
  process.on('exit', onExit);
  const onError = (error: unknown) => {
    try {
      process.stderr.write(`mpm-lab: internal error in the lesson: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    } catch {
      // nowhere left to say it
    }
    end(70);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  // Whatever started the lesson has gone (a closed terminal, a killed runner): stop too.
  const launcher = process.ppid;
  const orphan = setInterval(() => {
    if (process.ppid !== launcher) end(129);
  }, 1000);
  orphan.unref();
  const uninstall = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', onExit);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    clearInterval(orphan);
  };
  return Object.assign(uninstall, { endedWith: () => ending });
}
