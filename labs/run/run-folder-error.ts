// The words for a run folder the lab will not use: what was found, why that is refused, and
// how to fix it, on one line.
import type { FolderProblem } from './folder-check.ts';

export class RunFolderError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'RunFolderError';
  }
}

function found(problem: FolderProblem, uid: number): string {
  switch (problem.kind) {
    case 'symlink':
      return `it is a symbolic link${problem.target ? ` (to ${problem.target})` : ''}, not a folder`;
    case 'not-a-folder':
      return 'it is not a folder';
    case 'other-owner':
      return `it belongs to uid ${problem.owner}, not to you (uid ${uid})`;
    case 'open-mode':
      return `its mode is ${problem.mode.toString(8).padStart(4, '0')}, so other users may use it (it must be 0700)`;
  }
}

function fix(problem: FolderProblem, dir: string): string {
  if (problem.kind === 'other-owner') return `ask its owner or root to remove ${dir}, or set XDG_RUNTIME_DIR to a folder only you can use`;
  return `remove it (rm -r '${dir}') if it is yours, or set XDG_RUNTIME_DIR to a folder only you can use`;
}

export function runFolderRefused(dir: string, problem: FolderProblem, uid: number): RunFolderError {
  return new RunFolderError(
    `refusing the run folder ${dir}: ${found(problem, uid)}; the lab keeps its token there, and a folder someone else made ` +
      `could show it to them or make the lab overwrite their choice of file. To fix: ${fix(problem, dir)}.`,
  );
}
