// Colours of the UI: slot states as `mpm-lab ps`/`status` paint them (cli/plain/slot-color.ts),
// log levels as httpd's severities, process marks.
import type { LogLevel } from '../../labs/log/error-log.ts';
import type { Tone } from './line.ts';

export function slotTone(status: string): Tone {
  switch (status) {
    case '_':
    case '.':
      return 'dim';
    case 'S':
    case 'I':
      return 'blue';
    case 'R':
      return 'cyan';
    case 'W':
      return 'yellow';
    case 'K':
      return 'green';
    case 'G':
    case 'C':
      return 'magenta';
    default:
      return 'red'; // D, L: rarely seen in the lab
  }
}

export function levelTone(level: LogLevel): Tone | undefined {
  switch (level) {
    case 'emerg':
    case 'alert':
    case 'crit':
    case 'error':
      return 'red';
    case 'warn':
      return 'yellow';
    case 'debug':
      return 'dim';
    default:
      return undefined;
  }
}
