// Closes a connection that found the backlog full. It is answered first, so that its client
// can tell why (curl shows the text, `mpm-lab load` names it). Its request is read before the
// close: a close with unread bytes sends a reset, which may destroy the answer before the
// client reads it. A client that sends nothing is let go after httpd's lingering time.
import type net from 'node:net';
import { handlerHeaders, responseHead } from '../http/response-head.ts';
import { LAB_CLOSED_HEADER, backlogBody, backlogReason } from './connection-words.ts';

const LINGER_MS = 2000; // httpd's SECONDS_TO_LINGER

export function refuseConnection(socket: net.Socket, listenBacklog: number): void {
  const body = backlogBody(listenBacklog);
  const own = handlerHeaders({ [LAB_CLOSED_HEADER]: backlogReason(listenBacklog), Connection: 'close' });
  const close = () => socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  socket.on('error', () => {}); // a client that resets is gone either way
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', close);
  socket.once('data', () => setImmediate(close)); // the request is read: nothing left to reset
  socket.resume();
  socket.end(responseHead(503, own, Buffer.byteLength(body), '') + body);
}
