import fs from 'node:fs';
import path from 'node:path';

/**
 * A path that starts this runtime under the name `name`: a symbolic link to it in `dir`, a
 * folder inside the lab's own run folder (0700). The kernel names a process after the file it
 * was started from, so a child started through it is `name` in ps, pstree and /proc/PID/comm
 * from its first moment, not node, bun or deno until its JavaScript runs. Falls back to the
 * runtime itself where links cannot be made.
 */
export function roleExecutable(dir: string, name: string): string {
  const link = path.join(dir, name);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      if (fs.readlinkSync(link) === process.execPath) return link;
      fs.rmSync(link); // left by a lab that ran another runtime on this port
    } catch {
      // not there yet
    }
    fs.symlinkSync(process.execPath, link);
    return link;
  } catch {
    return process.execPath;
  }
}
