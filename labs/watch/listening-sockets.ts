// Which sockets listen on a TCP port, from /proc/net/tcp and tcp6 (socket inodes), and which
// processes hold them (/proc/PID/fd links "socket:[INODE]"). Parsing is pure; reads skip what
// vanished or is not ours to read.
import fs from 'node:fs';
import path from 'node:path';

const LISTEN = '0A';

/** Inodes of the sockets in state LISTEN on `port`, from the text of /proc/net/tcp{,6}. */
export function parseListeningInodes(text: string, port: number): number[] {
  const inodes: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = f[1]!;
    const localPort = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    const inode = Number(f[9]);
    if (f[3] === LISTEN && localPort === port && inode > 0) inodes.push(inode);
  }
  return inodes;
}

export function listeningInodes(port: number, root = '/proc'): Set<number> {
  const found = new Set<number>();
  for (const file of ['net/tcp', 'net/tcp6']) {
    try {
      for (const inode of parseListeningInodes(fs.readFileSync(path.join(root, file), 'utf8'), port)) found.add(inode);
    } catch {
      // no IPv6, or no /proc
    }
  }
  return found;
}

/** Processes with an open fd on one of `inodes` (a listening socket is shared by fork). */
export function holdersOf(inodes: Set<number>, root = '/proc'): number[] {
  if (inodes.size === 0) return [];
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  const pids: number[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const dir = path.join(root, name, 'fd');
    let fds: string[];
    try {
      fds = fs.readdirSync(dir);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(path.join(dir, fd));
      } catch {
        continue;
      }
      if (wanted.has(link)) {
        pids.push(Number(name));
        break;
      }
    }
  }
  return pids.sort((a, b) => a - b);
}
