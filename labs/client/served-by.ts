import type { ServedBy } from './types.ts';

/** Parses `pid=1234 tid=1240 thread=worker-3 slot=1.3`; undefined without a numeric pid. */
export function parseServedBy(value: string | undefined): ServedBy | undefined {
  if (!value) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
  }
  const pid = Number(fields.get('pid'));
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const tid = Number(fields.get('tid'));
  return {
    pid,
    tid: Number.isSafeInteger(tid) && tid > 0 ? tid : pid,
    thread: fields.get('thread') ?? '',
    slot: fields.get('slot') ?? '',
  };
}
