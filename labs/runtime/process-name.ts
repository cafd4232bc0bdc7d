import fs from 'node:fs';

/**
 * Names this process as `ps` shows it: the title (ps -ef, ps -o args) where the runtime can
 * set it, and the kernel's 15-character comm (ps -o comm, pstree), which every runtime can.
 */
export function nameProcess(title: string, comm: string): void {
  try {
    process.title = title; // Node rewrites argv; Bun and Deno may ignore it
  } catch {
    // a runtime that refuses is told by comm below
  }
  writeComm('/proc/self/comm', comm);
}

export function writeComm(path: string, name: string): void {
  try {
    fs.writeFileSync(path, name.slice(0, 15));
  } catch {
    // /proc is Linux only; elsewhere ps shows the runtime's own name
  }
}
