// What a child prints, as log lines: the UI owns the terminal, and a child writing to it
// would draw over the screen.
import type { ChildProcess } from 'node:child_process';

/** Lines a child printed, without terminal control sequences (a runtime's progress line). */
export function printableLines(text: string): string[] {
  return text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/[\r\n]+/)
    .map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').trimEnd())
    .filter((l) => l.length > 0);
}

export function pipeChildOutput(proc: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => printableLines(text).forEach(onLine));
  }
}
