// A process and all its descendants, parents before children (depth first, by pid).
import fs from 'node:fs';
import path from 'node:path';
import { parseStat } from './parse.ts';
import { readProcess } from './read-process.ts';
import type { ProcInfo } from './types.ts';

function childrenByParent(root: string): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return children; // no /proc: not Linux
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, name, 'stat'), 'utf8');
    } catch {
      continue; // exited since readdir
    }
    const stat = parseStat(text);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  return children;
}

export function readTree(rootPid: number, root = '/proc'): ProcInfo[] {
  const children = childrenByParent(root);
  const tree: ProcInfo[] = [];
  const seen = new Set<number>(); // stat files are read at different moments; never loop
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    const info = readProcess(pid, root);
    if (!info) return;
    tree.push(info);
    for (const child of (children.get(pid) ?? []).sort((a, b) => a - b)) visit(child);
  };
  visit(rootPid);
  return tree;
}
