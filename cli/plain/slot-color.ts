// One colour per slot state, the same in `ps` and `status`: idle is quiet, work stands out.
import type { ChalkInstance } from 'chalk';
import type { SlotStatus } from '../../labs/scoreboard/types.ts';

export function paintStatus(c: ChalkInstance, status: string): string {
  switch (status as SlotStatus) {
    case '_':
    case '.':
      return c.dim(status);
    case 'S':
    case 'I':
      return c.blue(status);
    case 'R':
      return c.cyan(status);
    case 'W':
      return c.yellow(status);
    case 'K':
      return c.green(status);
    case 'G':
    case 'C':
      return c.magenta(status);
    default:
      return c.red(status); // D, L: rarely seen in the lab
  }
}
