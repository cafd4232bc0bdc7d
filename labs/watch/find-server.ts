// The local server behind a status URL: the process at the top of those that hold its
// listening socket. httpd's parent and all its children hold it (they inherited it); the
// lab's parent alone does. Reading the tree from there gives every process and thread, the
// idle children the ExtendedStatus table leaves out included.
import fs from 'node:fs';
import path from 'node:path';
import { parseStat } from '../proc/parse.ts';
import { holdersOf, listeningInodes } from './listening-sockets.ts';

function ppidOf(pid: number, root: string): number | null {
  try {
    return parseStat(fs.readFileSync(path.join(root, String(pid), 'stat'), 'utf8'))?.ppid ?? null;
  } catch {
    return null;
  }
}

/** The pid whose subtree is the server listening on `port`; null when it cannot be seen. */
export function findServerRoot(port: number, root = '/proc'): number | null {
  const holders = holdersOf(listeningInodes(port, root), root);
  if (holders.length === 0) return null;
  const set = new Set(holders);
  const tops = holders.filter((pid) => !set.has(ppidOf(pid, root) ?? -1));
  return tops.length === 1 ? tops[0]! : null;
}

/** A last resort when /proc/PID/fd is not ours to read: the common parent of the table's pids. */
export function commonParent(pids: readonly number[], root = '/proc'): number | null {
  const parents = new Set<number>();
  for (const pid of pids) {
    const ppid = ppidOf(pid, root);
    if (ppid !== null) parents.add(ppid);
  }
  if (parents.size !== 1) return null;
  const [parent] = [...parents];
  return parent !== undefined && parent > 1 ? parent : null;
}
