// Each running lab keeps a folder only its user can read: lab.json (who and where it is), the
// scoreboard, and the fault token. `mpm-lab ps|status|ctl` find a lab by its port here.
// Without XDG_RUNTIME_DIR it is under /tmp, where anyone may have made the path first: the
// folders are made fresh or checked (own-folder.ts), and the files in them are new ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelName } from '../config/types.ts';
import { readProcess } from '../proc/read-process.ts';
import { PARENT_COMM } from '../server/role-names.ts';
import { readOwnFile, replaceFile } from './new-file.ts';
import { checkOwnFolder, currentUid, ensureOwnFolder, freshOwnFolder } from './own-folder.ts';
import { RunFolderError } from './run-folder-error.ts';

export interface LabRecord {
  pid: number;
  model: ModelName;
  host: string;
  port: number;
  url: string;
  startedAt: number;
  scoreboard: string; // path
  tokenFile: string; // path
  configFile?: string;
  runtime: string;
}

/** Where the labs of user `uid` keep their folders: XDG_RUNTIME_DIR when it exists, else the temp folder. */
export function labsRootFor(where: { xdgRuntimeDir?: string; tmpdir: string; uid: number; exists: (dir: string) => boolean }): string {
  const base = where.xdgRuntimeDir && where.exists(where.xdgRuntimeDir) ? where.xdgRuntimeDir : where.tmpdir;
  return path.join(base, `mpm-lab-${where.uid}`);
}

export function labsRoot(): string {
  return labsRootFor({ xdgRuntimeDir: process.env.XDG_RUNTIME_DIR, tmpdir: os.tmpdir(), uid: currentUid(), exists: fs.existsSync });
}

export function runDirFor(port: number): string {
  return path.join(labsRoot(), `port-${port}`);
}

/**
 * The run folder for the lab that now holds `port`, made fresh (a dead lab's of this user is
 * replaced). Throws RunFolderError, with what to do, for a folder it must not trust.
 */
export function createRunDir(port: number): string {
  ensureOwnFolder(labsRoot());
  const dir = runDirFor(port);
  // The same port on the other loopback address ([::1] and 127.0.0.1) shares the folder.
  const running = checkOwnFolder(dir) ? runningLabIn(dir) : null;
  if (running) {
    throw new RunFolderError(
      `port ${port} is already used by your ${running.model} lab on ${running.url} (pid ${running.pid}), whose run folder is ${dir}; ` +
        `stop it (mpm-lab ctl stop --port ${port}) or pick another port with --port N.`,
    );
  }
  freshOwnFolder(dir);
  return dir;
}

/** The lab whose record is in `dir`, while it still runs (its pid is an mpm-lab parent). */
function runningLabIn(dir: string): LabRecord | null {
  try {
    const record = readLabRecord(dir);
    if (record.pid === process.pid || !alive(record.pid)) return null;
    return readProcess(record.pid)?.comm === PARENT_COMM ? record : null;
  } catch {
    return null; // no record: a dead lab's, or not a lab's
  }
}

export function writeLabRecord(dir: string, record: LabRecord): void {
  replaceFile(path.join(dir, 'lab.json'), JSON.stringify(record, null, 2) + '\n');
}

/** The record a running lab keeps in its run folder (see writeLabRecord). */
export function readLabRecord(dir: string): LabRecord {
  const text = readOwnFile(path.join(dir, 'lab.json'));
  if (text === null) throw new Error(`no lab record in ${dir}`);
  return JSON.parse(text) as LabRecord;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Running labs of this user, newest first; folders of labs that died are left out. */
export function listLabs(): LabRecord[] {
  const root = labsRoot();
  // A root someone else made could hold a lab.json that sends ctl's signals to any pid: refused.
  if (!checkOwnFolder(root)) return [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const labs: LabRecord[] = [];
  for (const name of names) {
    try {
      const record = readLabRecord(path.join(root, name));
      if (alive(record.pid)) labs.push(record);
    } catch {
      // not a lab folder, or one being written
    }
  }
  return labs.sort((a, b) => b.startedAt - a.startedAt);
}

export class NoLabError extends Error {
  readonly exitCode = 1;
}

/** The lab on `port`, or the only running lab when no port is given. */
export function findLab(port?: number): LabRecord {
  const labs = listLabs();
  if (port !== undefined) {
    const lab = labs.find((l) => l.port === port);
    if (lab) return lab;
    const others = labs.length ? ` Running labs: ${labs.map((l) => `${l.model} on port ${l.port}`).join(', ')}.` : '';
    throw new NoLabError(`no mpm-lab is running on port ${port}.${others}\n  Start one with \`mpm-lab run prefork --port ${port}\`.`);
  }
  if (labs.length === 1) return labs[0]!;
  if (labs.length === 0) throw new NoLabError('no mpm-lab is running.\n  Start one with `mpm-lab run prefork`, then try again.');
  throw new NoLabError(
    `${labs.length} labs are running (${labs.map((l) => `${l.model} on port ${l.port}`).join(', ')}).\n  Say which with --port N.`,
  );
}

export function removeRunDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Gone, or a zombie its own parent has not reaped yet (kill(pid, 0) still finds those). */
const PARENT_EXIT_WAIT_MS = 1000;

function exited(pid: number): boolean {
  const state = readProcess(pid)?.state;
  return state === undefined || state === 'Z' || state === 'X';
}

/**
 * A child's part when its parent's channel closes: if the parent died without removing its
 * run folder (SIGKILL), the folder goes, so that no dead lab's folder is left behind. Found by
 * the record in it (a child may not know its options yet), and only while that record is the
 * parent's: a new lab may already hold the port.
 */
export function removeRunDirOfDeadParent(parentPid: number): void {
  const dir = ownRunDirOf(parentPid);
  if (!dir) return; // cleared by the parent
  // The channel closes while the kernel tears the parent down, a moment before /proc shows
  // it gone; this child waits for that (it serves nothing meanwhile), a second at most.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + PARENT_EXIT_WAIT_MS;
  while (!exited(parentPid)) {
    if (Date.now() > deadline) return; // still running: not this child's to clear
    Atomics.wait(pause, 0, 0, 5);
  }
  if (ownRunDirOf(parentPid) === dir) removeRunDir(dir);
}

/** The run folder whose record names `pid`, among this user's. */
function ownRunDirOf(pid: number): string | null {
  const root = labsRoot();
  try {
    if (!checkOwnFolder(root)) return null;
    for (const name of fs.readdirSync(root)) {
      const dir = path.join(root, name);
      try {
        if (checkOwnFolder(dir) && readLabRecord(dir).pid === pid) return dir;
      } catch {
        // not a lab's folder, or one being written or removed
      }
    }
  } catch {
    // no root: nothing to clear
  }
  return null;
}
