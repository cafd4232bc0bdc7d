import fs from 'node:fs';

/** The OS thread id of the calling thread, read from /proc (no runtime exposes gettid). */
export function threadId(): number {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return process.pid;
  }
}
