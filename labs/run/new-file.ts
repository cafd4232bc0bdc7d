// Files in the run folder are always new ones: O_EXCL fails if anything is already at the
// path and O_NOFOLLOW if that is a symbolic link, so the lab never writes through something
// it did not make. A file that is replaced is written fresh beside it and renamed over it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const NEW_FILE = fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/** Creates `file`, which must not exist yet (not even as a link); returns it open read-write. */
export function openNewFile(file: string, mode = 0o600): number {
  return fs.openSync(file, NEW_FILE, mode);
}

export function writeNewFile(file: string, text: string, mode = 0o600): void {
  const fd = openNewFile(file, mode);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `file` (or creates it) in one step: rename does not follow a link at the target. */
export function replaceFile(file: string, text: string, mode = 0o600): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}`);
  writeNewFile(temporary, text, mode);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Reads `file` without following a link; null when it is not there. */
export function readOwnFile(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
