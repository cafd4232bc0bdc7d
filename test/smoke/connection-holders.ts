// Which process holds each client's connection, as the kernel says (not the lab's scoreboard):
// the server side of a connection (local port = the lab's, remote port = the client's) in
// /proc/net/tcp, matched to a process by its socket inode in /proc/PID/fd, as `ss -tnp` does.
// And a GET that tells its client port as soon as it connects, so the two can be matched.
import fs from 'node:fs';
import http from 'node:http';
import type { Reply } from '../support/http.ts';
import { servedByHeader } from '../support/http.ts';

/** Client port -> the pid (among `pids`) holding the server side of that connection. */
export function connectionHolders(labPort: number, pids: number[]): Map<number, number> {
  const inodeToClientPort = new Map<string, number>();
  const hexLabPort = labPort.toString(16).toUpperCase().padStart(4, '0');
  let text = '';
  try {
    text = fs.readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return new Map();
  }
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // 0100007F = 127.0.0.1; 01 = ESTABLISHED
    if (f.length < 10 || f[1] !== `0100007F:${hexLabPort}` || f[3] !== '01') continue;
    inodeToClientPort.set(f[9]!, parseInt(f[2]!.split(':')[1]!, 16));
  }
  const holders = new Map<number, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        const clientPort = inode ? inodeToClientPort.get(inode) : undefined;
        if (clientPort !== undefined) holders.set(clientPort, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return holders;
}

export interface TrackedRequest {
  clientPort: Promise<number>;
  /** 'lost': the connection failed before a whole reply came; 'timeout': nothing came in time. */
  outcome: Promise<Reply | 'lost' | 'timeout'>;
}

/** A GET on a new connection, bounded by timeoutMs, whose client port is known once it connects. */
export function trackedGet(url: string, headers: Record<string, string> = {}, timeoutMs = 20_000): TrackedRequest {
  let tellPort!: (port: number) => void;
  const clientPort = new Promise<number>((resolve) => (tellPort = resolve));
  const start = Date.now();
  const outcome = new Promise<Reply | 'lost' | 'timeout'>((resolve) => {
    let timedOut = false;
    const req = http.get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, servedBy: servedByHeader(res.headers['x-served-by']), ms: Date.now() - start }));
      res.on('error', () => resolve(timedOut ? 'timeout' : 'lost'));
    });
    req.on('socket', (socket) => socket.once('connect', () => tellPort(socket.localPort!)));
    req.setTimeout(timeoutMs, () => ((timedOut = true), req.destroy()));
    req.on('error', () => (tellPort(-1), resolve(timedOut ? 'timeout' : 'lost')));
  });
  return { clientPort, outcome };
}
