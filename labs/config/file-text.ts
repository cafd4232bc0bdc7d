// The bytes of a config file, read so that no path can hang or flood the reader: only a
// regular file (as httpd's ap_pcfg_openfile), at most MAX_CONFIG_BYTES, text only.

import fs from 'node:fs';
import { ConfigError } from './types.ts';

/** httpd.conf files are kilobytes; Debian's whole apache2.conf with its includes is under 100 KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const CAP_WORDS = '1 MiB';

const PATH_HINT = 'check the path given to --config (a relative path starts at the current folder)';

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuse(file: string, message: string, hint: string): never {
  throw new ConfigError(message, { file, hint });
}

/**
 * Opens without blocking (a FIFO would wait for a writer), checks the open file itself (no
 * race with a rename), and reads at most one byte past the cap, whatever size the file claims
 * (files in /proc say 0).
 */
export function readConfigFileText(file: string): string {
  // httpd reads /dev/null as an empty config (ap_pcfg_openfile lets it through).
  if (file === '/dev/null') return '';
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : String((e as Error).message);
    refuse(file, `Could not open configuration file ${file}: ${reason}`, PATH_HINT);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      refuse(
        file,
        `AH00554: Access to file ${file} denied by server: not a regular file`,
        `${file} is ${kindOf(stat)}; --config takes an httpd.conf-style text file`,
      );
    }
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        refuse(file, `Could not read configuration file ${file}: ${(e as Error).message}`, PATH_HINT);
      }
      if (n === 0) break;
      length += n;
      if (length > MAX_CONFIG_BYTES) {
        refuse(
          file,
          `Configuration file ${file} is larger than ${CAP_WORDS}, the most the lab reads`,
          `an httpd.conf is a few kilobytes: check that --config names the right file`,
        );
      }
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) {
      refuse(file, `Configuration file ${file} is not a text file (it contains NUL bytes)`, `--config takes an httpd.conf-style text file; ${PATH_HINT}`);
    }
    return bytes.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
