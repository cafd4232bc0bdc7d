// Watching any httpd's /server-status (the lab's or a real Apache's): read, parse, poll, and
// find the server's processes in /proc when it runs on this machine.
export { parseStatusUrl } from './status-url.ts';
export type { StatusUrl } from './status-url.ts';
export { fetchText, FetchError } from './fetch-text.ts';
export { parseStatusPage } from './parse-extended.ts';
export { readStatus } from './read-status.ts';
export { pollStatus, MIN_INTERVAL_MS } from './poll-status.ts';
export { findServerRoot, commonParent } from './find-server.ts';
export { parseListeningInodes } from './listening-sockets.ts';
export type * from './types.ts';
