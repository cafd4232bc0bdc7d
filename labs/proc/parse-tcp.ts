// /proc/net/tcp and tcp6, as `ss -tn` reads them. Pure: the read lives in read-tcp.ts.

/** TCP states as the kernel numbers them (include/net/tcp_states.h). */
export const TCP_ESTABLISHED = 1;
export const TCP_CLOSE_WAIT = 8;

export interface TcpRow {
  local: string; // "0100007F:1F90": the kernel's hex address and port
  remote: string;
  state: number;
  inode: number; // 0 for a socket no process holds any more (closed, still finishing)
}

/**
 * Rows of /proc/net/tcp or /proc/net/tcp6 ("sl local_address rem_address st ... uid timeout
 * inode"); with `only`, just the rows that name one of these endpoints (a busy machine has
 * tens of thousands of rows, mostly TIME_WAIT).
 */
export function parseTcpTable(text: string, only?: readonly string[]): TcpRow[] {
  const rows: TcpRow[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (only && !only.some((e) => line.includes(e))) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    rows.push({ local: f[1]!, remote: f[2]!, state: parseInt(f[3]!, 16), inode: Number(f[9]) });
  }
  return rows;
}

/**
 * An address and port as those tables print them: the address in 32-bit words of the host's
 * byte order (little-endian here), the port in hex. "127.0.0.1", 8080 -> "0100007F:1F90".
 */
export function tcpTableEndpoint(address: string, port: number, littleEndian = true): string | null {
  const bytes = addressBytes(address);
  if (!bytes) return null;
  let hex = '';
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.slice(w, w + 4);
    if (littleEndian) word.reverse();
    for (const b of word) hex += b.toString(16).padStart(2, '0');
  }
  return `${hex.toUpperCase()}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

function addressBytes(address: string): number[] | null {
  if (!address.includes(':')) return ipv4Bytes(address);
  let text = address;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // ::ffff:127.0.0.1
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    bytes.push(v >> 8, v & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function ipv4Bytes(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}
