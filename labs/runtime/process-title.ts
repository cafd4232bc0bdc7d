import fs from 'node:fs';
import { readOwnArgArea } from '../proc/own-arg-area.ts';

/**
 * Sets the title `ps -ef` shows (/proc/PID/cmdline) by writing it over this process's own
 * argument strings, as setproctitle(3) and Node's process.title do, truncated to their length.
 * One way for all three runtimes: Bun's process.title changes nothing ps sees, and Node's and
 * Deno's also rename the main thread to the title's first 15 characters for a moment.
 * The runtimes keep their own copies of argv (process.argv, Bun.argv, Deno.args still read the same).
 */
export function setProcessTitle(title: string): void {
  const area = readOwnArgArea();
  if (area) {
    // NULs after the title: ps ends it there, as it would end the last argument.
    const bytes = Buffer.alloc(area.end - area.start);
    bytes.write(title.slice(0, bytes.length - 1), 'latin1');
    try {
      const fd = fs.openSync('/proc/self/mem', 'r+');
      try {
        if (fs.writeSync(fd, bytes, 0, bytes.length, area.start) === bytes.length) return;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // a kernel that refuses writes to /proc/self/mem: the runtime's own way below
    }
  }
  try {
    process.title = title;
  } catch {
    // the comm the caller writes still names the process
  }
}
