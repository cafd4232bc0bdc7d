// The ms= parameter of /sleep and /block: a whole number of milliseconds, 0 to 60000.
import type { LabRequest } from '../http/types.ts';

export const MAX_MS = 60000;

export type MsResult = { ok: true; ms: number } | { ok: false; message: string };

export function readMs(req: LabRequest, name = 'ms', optional = false): MsResult {
  const raw = req.query.get(name);
  const range = `${name} must be a whole number of milliseconds from 0 to ${MAX_MS}`;
  if (raw === null || raw === '') {
    if (optional) return { ok: true, ms: 0 };
    return { ok: false, message: `${req.path} needs ${name}: ${range}, e.g. ${req.path}?${name}=2000.` };
  }
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > MAX_MS) {
    const shown = raw.length > 20 ? `${raw.slice(0, 20)}...` : raw;
    return { ok: false, message: `${range}; got ${name}=${JSON.stringify(shown)}.` };
  }
  return { ok: true, ms: Number(raw) };
}
