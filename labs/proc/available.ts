import fs from 'node:fs';
import path from 'node:path';

/** Whether this system has a Linux /proc for the lab to read its processes and threads from. */
export function procAvailable(root = '/proc'): boolean {
  return fs.existsSync(path.join(root, 'self', 'stat'));
}
