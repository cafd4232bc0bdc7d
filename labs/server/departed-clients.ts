// Which connections waiting in the parent have lost their client. A waiting socket is paused
// (its bytes are for the child), so the runtime sees neither a FIN nor a reset on it; the
// kernel's TCP table does, and on loopback it shows the client's end too.
import type net from 'node:net';
import { TCP_CLOSE_WAIT } from '../proc/parse-tcp.ts';
import type { TcpRow } from '../proc/parse-tcp.ts';
import { tcpTableEndpoint } from '../proc/parse-tcp.ts';
import { HOST_LITTLE_ENDIAN, readTcpTable } from '../proc/read-tcp.ts';

/** A connection's two ends as the TCP table prints them (the peer must have been read while
 * the connection was up: a reset socket can no longer tell it). */
export interface ConnectionEnds {
  server: string;
  client: string;
}

export function connectionEnds(socket: net.Socket): ConnectionEnds | null {
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (!localAddress || !localPort || !remoteAddress || !remotePort) return null;
  const server = tcpTableEndpoint(localAddress, localPort, HOST_LITTLE_ENDIAN);
  const client = tcpTableEndpoint(remoteAddress, remotePort, HOST_LITTLE_ENDIAN);
  return server && client ? { server, client } : null;
}

/**
 * The indexes of the connections whose client has gone: reset (the server's end left the
 * table), or closed (the server's end waits in CLOSE_WAIT and the client's end is held by no
 * process). A client that only shut down its sending side and still waits for the answer
 * holds its end, and stays. Pure.
 */
export function departedIndexes(ends: readonly (ConnectionEnds | null)[], table: readonly TcpRow[]): number[] {
  const rows = new Map<string, TcpRow>();
  for (const row of table) rows.set(`${row.local}>${row.remote}`, row);
  const gone: number[] = [];
  ends.forEach((e, i) => {
    if (!e) return;
    const server = rows.get(`${e.server}>${e.client}`);
    if (!server) {
      gone.push(i);
      return;
    }
    if (server.state !== TCP_CLOSE_WAIT) return;
    const client = rows.get(`${e.client}>${e.server}`);
    if (!client || client.inode === 0) gone.push(i);
  });
  return gone;
}

/** departedIndexes on the live table; none when /proc cannot be read. */
export function departedClients(ends: readonly (ConnectionEnds | null)[]): number[] {
  const servers = [...new Set(ends.flatMap((e) => (e ? [e.server] : [])))];
  if (servers.length === 0) return [];
  const table = readTcpTable(servers);
  return table ? departedIndexes(ends, table) : [];
}
