import type { ChildOptions } from '../server/messages.ts';

/** The child's options, given by the parent as its one argument. */
export function childOptions(): ChildOptions {
  const raw = process.argv[2];
  if (!raw) {
    process.stderr.write('mpm-lab: this file is started by the lab\'s parent process, not by hand.\n  Run `mpm-lab run MODEL` instead.\n');
    process.exit(2);
  }
  return JSON.parse(raw) as ChildOptions;
}
