// What `mpm-lab doctor` reports: the runtime, /proc, the optional tools (with the command that
// installs each), the lab's folders and the labs running. Pure: the facts are gathered by
// cli/commands/doctor.ts and given here; this is also the stable shape of `doctor --json`.
import path from 'node:path';
import { folderProblem } from '../../labs/run/folder-check.ts';
import type { FolderFacts, FolderProblem } from '../../labs/run/folder-check.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';

export type ToolName = 'tmux' | 'curl' | 'ab' | 'apache2';

export interface ToolNeed {
  name: ToolName;
  names: readonly string[]; // the program's names, in the order looked for (httpd: macOS, Red Hat)
  usedFor: string;
  apt: string; // Debian/Ubuntu
  brew: string; // macOS
}

export const TOOLS: readonly ToolNeed[] = [
  { name: 'tmux', names: ['tmux'], usedFor: 'the live view tests (test/tui)', apt: 'sudo apt-get install tmux', brew: 'brew install tmux' },
  { name: 'curl', names: ['curl'], usedFor: "the lessons' requests by hand", apt: 'sudo apt-get install curl', brew: 'brew install curl' },
  { name: 'ab', names: ['ab'], usedFor: 'the benchmarks against httpd', apt: 'sudo apt-get install apache2-utils', brew: 'brew install httpd' },
  { name: 'apache2', names: ['apache2', 'httpd'], usedFor: 'comparing the lab with the real httpd (bench, watch)', apt: 'sudo apt-get install apache2', brew: 'brew install httpd' },
];

/** Where each program is looked for: PATH, then the sbin folders (apache2 lives in /usr/sbin, often not on a user's PATH). */
export function searchDirs(pathVariable: string | undefined): string[] {
  const dirs = (pathVariable ?? '').split(path.delimiter).filter((d) => d !== '' && path.isAbsolute(d));
  for (const extra of ['/usr/local/sbin', '/usr/sbin', '/sbin']) if (!dirs.includes(extra)) dirs.push(extra);
  return dirs;
}

/** The first executable file called one of `names` in `dirs`, as `command -v` finds it. */
export function findProgram(names: readonly string[], dirs: readonly string[], isExecutable: (file: string) => boolean): string | null {
  for (const name of names) for (const dir of dirs) if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  return null;
}

export interface ToolReport {
  name: ToolName;
  path: string | null; // null: not found
  usedFor: string;
  install: { debian: string; macos: string };
}

export type FolderState = 'ok' | 'absent' | FolderProblem['kind'] | 'unreadable';

export interface FolderReport {
  path: string;
  purpose: string;
  state: FolderState; // absent: made (0700) when first needed
  mode: string | null; // e.g. "0700"
  owner: number | null; // uid
  problem: FolderProblem | null;
}

export interface LabReport {
  model: string;
  url: string;
  port: number;
  pid: number;
  runtime: string;
  upMs: number;
}

export interface DoctorReport {
  mpmLab: string; // version
  runtime: { name: string; version: string; nodeCompat: string; execPath: string };
  system: { platform: string; release: string; arch: string; uid: number };
  proc: { available: boolean };
  tools: ToolReport[];
  folders: { state: FolderReport; run: FolderReport };
  labs: LabReport[];
  labsError: string | null; // listLabs refused the run folder: why
  problems: DoctorProblem[]; // what stops the lab or a part of it
}

export type DoctorProblem = { kind: 'no-proc' } | { kind: 'folder'; folder: 'state' | 'run'; state: FolderState };

export interface DoctorFacts {
  mpmLab: string;
  runtime: { name: string; version: string; nodeCompat: string; execPath: string };
  system: { platform: string; release: string; arch: string; uid: number };
  procAvailable: boolean;
  toolPaths: Record<ToolName, string | null>;
  stateDir: { path: string; facts: FolderFacts | null | 'unreadable' };
  runDir: { path: string; facts: FolderFacts | null | 'unreadable' };
  labs: LabRecord[] | { error: string };
  now: number;
}

export function folderReport(where: string, purpose: string, facts: FolderFacts | null | 'unreadable', uid: number): FolderReport {
  if (facts === null) return { path: where, purpose, state: 'absent', mode: null, owner: null, problem: null };
  if (facts === 'unreadable') return { path: where, purpose, state: 'unreadable', mode: null, owner: null, problem: null };
  const problem = folderProblem(facts, uid);
  return { path: where, purpose, state: problem?.kind ?? 'ok', mode: (facts.mode & 0o7777).toString(8).padStart(4, '0'), owner: facts.uid, problem };
}

export function buildDoctorReport(facts: DoctorFacts): DoctorReport {
  const uid = facts.system.uid;
  const folders = {
    state: folderReport(facts.stateDir.path, 'your progress through the lessons', facts.stateDir.facts, uid),
    run: folderReport(facts.runDir.path, "running labs' records, scoreboards and tokens", facts.runDir.facts, uid),
  };
  const problems: DoctorProblem[] = [];
  if (!facts.procAvailable) problems.push({ kind: 'no-proc' });
  for (const which of ['state', 'run'] as const) {
    const state = folders[which].state;
    if (state !== 'ok' && state !== 'absent') problems.push({ kind: 'folder', folder: which, state });
  }
  const labsError = 'error' in facts.labs ? facts.labs.error : null;
  const labs = 'error' in facts.labs ? [] : facts.labs;
  return {
    mpmLab: facts.mpmLab,
    runtime: facts.runtime,
    system: facts.system,
    proc: { available: facts.procAvailable },
    tools: TOOLS.map((t) => ({ name: t.name, path: facts.toolPaths[t.name], usedFor: t.usedFor, install: { debian: t.apt, macos: t.brew } })),
    folders,
    labs: labs.map((l) => ({ model: l.model, url: l.url, port: l.port, pid: l.pid, runtime: l.runtime, upMs: Math.max(0, facts.now - l.startedAt) })),
    labsError,
    problems,
  };
}
