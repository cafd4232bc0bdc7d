// Each running lab keeps a folder only its user can read: lab.json (who and where it is), the
// scoreboard, and the fault token. `mpm-lab ps|status|ctl` find a lab by its port here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelName } from '../config/types.ts';

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

export function labsRoot(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const base = process.env.XDG_RUNTIME_DIR && fs.existsSync(process.env.XDG_RUNTIME_DIR) ? process.env.XDG_RUNTIME_DIR : os.tmpdir();
  return path.join(base, `mpm-lab-${uid}`);
}

export function runDirFor(port: number): string {
  return path.join(labsRoot(), `port-${port}`);
}

export function createRunDir(port: number): string {
  const dir = runDirFor(port);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(labsRoot(), 0o700);
  return dir;
}

export function writeLabRecord(dir: string, record: LabRecord): void {
  const file = path.join(dir, 'lab.json');
  fs.writeFileSync(file + '.tmp', JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(file + '.tmp', file);
}

/** The record a running lab keeps in its run folder (see writeLabRecord). */
export function readLabRecord(dir: string): LabRecord {
  return JSON.parse(fs.readFileSync(path.join(dir, 'lab.json'), 'utf8')) as LabRecord;
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
  let names: string[];
  try {
    names = fs.readdirSync(labsRoot());
  } catch {
    return [];
  }
  const labs: LabRecord[] = [];
  for (const name of names) {
    try {
      const record = readLabRecord(path.join(labsRoot(), name));
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
