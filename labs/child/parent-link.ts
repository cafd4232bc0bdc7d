// A child's tie to its parent. When the parent dies, however it dies (SIGKILL included), the
// IPC channel closes and the child exits at once: no orphans. A parent killed by SIGKILL
// cannot clear away what it keeps (its run folder); its children, which see it go, do.
import { removeRunDirOfDeadParent } from '../run/run-dir.ts';
import type { ToParent } from '../server/messages.ts';

// From the parent (MPM_LAB_PARENT): process.ppid is already the reaper's when the parent died
// before this child's first line ran.
const parentPid = Number(process.env.MPM_LAB_PARENT) || process.ppid;

/** Call first: a parent may die before its child's first line runs. */
export function exitWithParent(): void {
  if (typeof process.send !== 'function') return; // not forked by the lab: childIdentity() says so
  process.on('disconnect', exitAfterParent);
  if (!process.connected) exitAfterParent(); // gone before this child had started
}

function exitAfterParent(): never {
  try {
    removeRunDirOfDeadParent(parentPid);
  } finally {
    process.exit(0);
  }
}

export function tellParent(message: ToParent): void {
  if (process.connected) process.send!(message);
}
