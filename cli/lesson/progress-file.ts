// The progress file: $XDG_STATE_HOME/mpm-lab/progress.json (else ~/.local/state/mpm-lab/),
// human-readable JSON. The folder is made 0700 and must be ours and not a link; the file is
// written 0600 to a fresh temporary name (O_EXCL) and renamed over the old one, so that a
// crash mid-write never leaves half a file and nobody can plant a file we then write through.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../usage-error.ts';
import { emptyProgress, sanitizeProgress } from './progress-model.ts';
import type { Progress } from './progress-model.ts';

/** A UsageError, so that the CLI prints it as one clear message, without a stack trace. */
export class ProgressFileError extends UsageError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'ProgressFileError';
  }
}

export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec ignores a relative XDG_STATE_HOME.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'mpm-lab');
}

export function progressPath(env?: Readonly<Record<string, string | undefined>>): string {
  return path.join(stateDir(env), 'progress.json');
}

function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (!st.isDirectory() || st.uid !== uid) {
    throw new ProgressFileError(`${dir} is not a folder of yours (a link, or another user's); progress is not saved there.\n  Remove it, or set XDG_STATE_HOME to a folder of yours.`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

export function readProgress(file = progressPath()): Progress {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProgress();
    throw new ProgressFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const progress = sanitizeProgress(parsed);
  if (!progress) {
    throw new ProgressFileError(`${file} is not a progress file mpm-lab can read (JSON with "lessons").\n  Fix it, or delete it to start afresh: rm ${file}`);
  }
  return progress;
}

export function writeProgress(progress: Progress, file = progressPath()): void {
  const dir = path.dirname(file);
  ensureDir(dir);
  const temp = path.join(dir, `.progress-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(progress, null, 2) + '\n');
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}
