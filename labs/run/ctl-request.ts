// `mpm-lab ctl` leaves this note in the lab's run folder before it signals. With a terminal
// attached, SIGWINCH also means "the window was resized" and SIGHUP "the terminal closed";
// the note tells the parent the signal came from ctl (see README: ctl).
import fs from 'node:fs';
import path from 'node:path';
import { readOwnFile, replaceFile } from './new-file.ts';

export const CTL_REQUEST = 'ctl-request';

export function leaveCtlRequest(runDir: string, action: string): void {
  replaceFile(path.join(runDir, CTL_REQUEST), action);
}

/** The action ctl asked for, once (the note is removed), or null. */
export function takeCtlRequest(runDir: string): string | null {
  const file = path.join(runDir, CTL_REQUEST);
  const said = readOwnFile(file);
  fs.rmSync(file, { force: true });
  return said === null ? null : said.trim();
}
