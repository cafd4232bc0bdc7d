// URLs of the lab's endpoints, built from the lab's base URL, and the token header.
import type { LabAddress } from './types.ts';

export function labUrl(lab: LabAddress, pathAndQuery: string): string {
  return new URL(pathAndQuery.replace(/^\/+/, ''), lab.url.endsWith('/') ? lab.url : `${lab.url}/`).href;
}

export function tokenHeaders(lab: LabAddress, operation: string): Record<string, string> {
  if (!lab.token) throw new RangeError(`${operation}: needs the lab's fault token (StartedLab.token, or the run folder's token file)`);
  return { 'X-Lab-Token': lab.token };
}

/** The endpoints the operations use, as the README lists them. */
export const PATHS = {
  home: '/',
  sleep: (ms: number) => `/sleep?ms=${ms}`,
  block: (ms: number) => `/block?ms=${ms}`,
  module: '/module',
  crash: (afterMs: number) => (afterMs > 0 ? `/crash?after=${afterMs}` : '/crash'),
} as const;
