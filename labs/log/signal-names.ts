import os from 'node:os';

// strsignal()'s words, which httpd's AH00052 line uses ("exit signal Aborted (6)").
const DESCRIPTIONS: Record<string, string> = {
  SIGABRT: 'Aborted',
  SIGSEGV: 'Segmentation fault',
  SIGKILL: 'Killed',
  SIGTERM: 'Terminated',
  SIGBUS: 'Bus error',
  SIGFPE: 'Floating point exception',
  SIGILL: 'Illegal instruction',
  SIGINT: 'Interrupt',
  SIGHUP: 'Hangup',
  SIGQUIT: 'Quit',
  SIGPIPE: 'Broken pipe',
  SIGUSR1: 'User defined signal 1',
  SIGUSR2: 'User defined signal 2',
};

export function describeSignal(signal: string): string {
  const number = (os.constants.signals as Record<string, number>)[signal] ?? 0;
  return `${DESCRIPTIONS[signal] ?? signal} (${number})`;
}
