// Where the package is: Node runs dist/lessons/, Bun and Deno run lessons/; the Markdown and
// the fixtures are never compiled, so both find them from the package's own folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder: the nearest one above this file with package.json and lessons/. */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    // lessons/ holds only the Markdown in the npm package (its .ts is compiled into dist/lessons/)
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'lessons'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`mpm-lab: the lessons folder was not found above ${from}; reinstall mpm-lab`);
    dir = up;
  }
}
