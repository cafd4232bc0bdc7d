// Where the client may connect: this machine only. The lab's workplace forbids sending load
// anywhere else, so every URL is checked before a socket is opened.
import net from 'node:net';
import { TargetError } from './errors.ts';

export interface Target {
  url: string; // as normalised, for messages
  host: string; // for net.connect (no brackets)
  port: number;
  path: string; // path and query
  hostHeader: string;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === 'localhost.') return true;
  if (net.isIPv4(h)) return h.split('.')[0] === '127'; // the URL parser turned 127.1 and 0x7f.1 into this form
  return h === '::1'; // the URL parser has already compressed 0:0:0:0:0:0:0:1
}

export function parseTarget(input: string): Target {
  // "127.0.0.1:8080/x" and "localhost:8080" mean http; say so rather than fail
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`"${input}" is not a URL. Give one like http://127.0.0.1:8080/`);
  }
  if (url.protocol !== 'http:') {
    throw new TargetError(`the lab speaks plain http only; got ${url.protocol.slice(0, -1)} in "${input}". Use http://127.0.0.1:PORT/`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new TargetError(
      `"${url.hostname}" is not this machine: the lab sends requests only to 127.0.0.0/8, ::1 or localhost ` +
        '(sending load anywhere else is not allowed here).\n  Point it at your lab, e.g. http://127.0.0.1:8080/',
    );
  }
  return {
    url: url.href,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 80,
    path: `${url.pathname}${url.search}`,
    hostHeader: url.host,
  };
}
