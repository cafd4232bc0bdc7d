// Which processes listen on which TCP ports, read from the kernel as `ss -ltnp` reads it:
// LISTEN sockets in /proc/net/tcp{,6}, matched to processes by the socket inodes in /proc/PID/fd.
import fs from 'node:fs';
import net from 'node:net';
import { childrenOf } from './proc.ts';

export interface Listener {
  pid: number;
  address: string;
  port: number;
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

export function listenersOf(pids: number[]): Listener[] {
  const listening = listeningInodes();
  const found: Listener[] = [];
  for (const pid of pids) {
    for (const inode of socketInodes(pid)) {
      const socket = listening.get(inode);
      if (socket) found.push({ pid, ...socket });
    }
  }
  return found;
}

function listeningInodes(): Map<string, { address: string; port: number }> {
  const byInode = new Map<string, { address: string; port: number }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
      const [hexAddress, hexPort] = f[1]!.split(':') as [string, string];
      byInode.set(f[9]!, { address: decodeAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return byInode;
}

/** The kernel prints each 32-bit word of the address in host (little-endian) order. */
function decodeAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  return (bytes.map((b) => b.toString(16).padStart(2, '0')).join('').match(/.{4}/g) ?? []).join(':');
}

function socketInodes(pid: number): string[] {
  let fds: string[] = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // gone
  }
  const inodes: string[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.push(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * What a listener answers to the request a debugger client starts with (`GET /json/version`,
 * as chrome://inspect sends it): a V8 inspector answers with JSON, something else with
 * whatever it says ('' when it closes at once).
 */
export function answerToDebuggerProbe(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const socket = net.connect({ port, host }, () => socket.write(`GET /json/version HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', done);
    socket.on('error', done);
  });
}
