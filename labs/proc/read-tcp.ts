// Reads this process's network namespace's TCP sockets from /proc (IPv4 and IPv6).
import fs from 'node:fs';
import os from 'node:os';
import { parseTcpTable } from './parse-tcp.ts';
import type { TcpRow } from './parse-tcp.ts';

export const HOST_LITTLE_ENDIAN = os.endianness() === 'LE';

/** null when /proc cannot be read (not Linux): the caller must then assume nothing. `only`: see parseTcpTable. */
export function readTcpTable(only?: readonly string[], root = '/proc'): TcpRow[] | null {
  const rows: TcpRow[] = [];
  let read = false;
  for (const file of ['net/tcp', 'net/tcp6']) {
    try {
      for (const row of parseTcpTable(fs.readFileSync(`${root}/self/${file}`, 'utf8'), only)) rows.push(row);
      read = true;
    } catch {
      // no IPv6, or no /proc
    }
  }
  return read ? rows : null;
}
