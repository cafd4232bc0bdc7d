// Parsers for /proc text. Pure: the reads live in read-process.ts.
import type { StatFields } from './types.ts';

/** Linux reports times in /proc in USER_HZ ticks, 100 per second on every architecture's ABI. */
export const TICKS_PER_SECOND = 100;

/**
 * /proc/PID/stat: "pid (comm) state ppid ... starttime(22) ...". comm may hold spaces and
 * parentheses ("(sd-pam)", "a) b"), so it ends at the last ')' of the line.
 */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields after comm: [0] is field 3 (state), so field N is at N - 3.
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  if (!Number.isSafeInteger(pid) || !rest[0] || !Number.isSafeInteger(ppid) || !Number.isFinite(startTicks)) return null;
  return { pid, comm: text.slice(open + 1, close), state: rest[0], ppid, startTicks };
}

/** /proc/PID/status "VmRSS:  55296 kB" in bytes; null when absent (kernel threads, zombies). */
export function parseVmRss(text: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s*kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

/** /proc/PID/statm "size resident shared ..." in pages: resident pages times the page size. */
export function parseStatmRss(text: string, pageSize = 4096): number | null {
  const resident = Number(text.trim().split(/\s+/)[1]);
  return Number.isFinite(resident) ? resident * pageSize : null;
}

/** /proc/PID/cmdline: NUL-separated arguments, as ps -ef joins them. */
export function parseCmdline(text: string): string {
  // A retitled process (process.title) leaves NULs or spaces after its new title.
  return text.replace(/\0+$/, '').split('\0').join(' ').trimEnd();
}

/** /proc/PID/comm ends with a newline that is not part of the name. */
export function parseComm(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * /proc/PID/stat fields 48 and 49 (arg_start, arg_end): where the process's argument strings
 * lie in its memory, the bytes /proc/PID/cmdline shows. Only the process itself (or one that
 * may trace it) reads them as anything but 0.
 */
export function parseArgArea(text: string): { start: number; end: number } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const start = Number(rest[48 - 3]);
  const end = Number(rest[49 - 3]);
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start > 0 && end > start ? { start, end } : null;
}
