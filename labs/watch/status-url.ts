// The status page to watch, from what a person types: "127.0.0.1:8080" or
// "http://host/server-status?auto" both mean the page at /server-status.
import { TargetError } from '../client/errors.ts';
import { isLoopbackHost } from '../client/target.ts';

export interface StatusUrl {
  page: string; // the HTML page (ExtendedStatus table)
  auto: string; // the machine-readable report
  host: string;
  port: number;
  loopback: boolean; // on this machine: its processes can be read from /proc
}

export function parseStatusUrl(input: string): StatusUrl {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`"${input}" is not a URL. Give the status page, e.g. http://127.0.0.1:8080/server-status`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetError(`watch reads http or https status pages; got ${url.protocol.slice(0, -1)} in "${input}".\n  Example: mpm-lab watch http://127.0.0.1:8080/server-status`);
  }
  // "?auto" is added by watch itself; a bare host means mod_status' usual place.
  url.search = url.search.replace(/^\?auto(&|$)/, '?').replace(/^\?$/, '');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/server-status';
  const page = url.href;
  const auto = new URL(url.href);
  auto.search = auto.search ? `${auto.search}&auto` : '?auto';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { page, auto: auto.href, host, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80, loopback: isLoopbackHost(url.hostname) };
}
