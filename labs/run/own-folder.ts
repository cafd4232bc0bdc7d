// Making and checking the lab's folders in a shared place (/tmp without XDG_RUNTIME_DIR):
// created fresh with mode 0700, never trusted just because something is already there.
import fs from 'node:fs';
import { folderProblem } from './folder-check.ts';
import type { FolderFacts } from './folder-check.ts';
import { runFolderRefused } from './run-folder-error.ts';

export function currentUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/** lstat's facts about `dir`, or null when nothing is there. */
function factsOf(dir: string): FolderFacts | null {
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const isSymbolicLink = stats.isSymbolicLink();
  let linkTarget: string | undefined;
  if (isSymbolicLink) {
    try {
      linkTarget = fs.readlinkSync(dir);
    } catch {
      // gone meanwhile: the message names no target
    }
  }
  return { isSymbolicLink, isDirectory: stats.isDirectory(), uid: stats.uid, mode: stats.mode, linkTarget };
}

/** Throws the refusal when `dir` exists and is not safe; false when it does not exist. */
export function checkOwnFolder(dir: string, uid = currentUid()): boolean {
  const facts = factsOf(dir);
  if (facts === null) return false;
  const problem = folderProblem(facts, uid);
  if (problem) throw runFolderRefused(dir, problem, uid);
  return true;
}

/** `dir` exists afterwards, made now with mode 0700 or found safe (see folder-check.ts). */
export function ensureOwnFolder(dir: string, uid = currentUid()): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  checkOwnFolder(dir, uid);
}

/**
 * `dir` made now, empty, with mode 0700. A safe folder already there is a dead lab's of this
 * user and is removed first (rm does not follow symbolic links); anything else is refused.
 */
export function freshOwnFolder(dir: string, uid = currentUid()): void {
  if (checkOwnFolder(dir, uid)) fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Made by someone between the two calls: refused unless it is safe.
  }
  checkOwnFolder(dir, uid);
}
