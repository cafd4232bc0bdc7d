// What every lab operation needs to reach a lab: its URL and, for the faults, its token.
// A StartedLab (what Mpm.start() returns) is one; so is { url } for a lab found by port.
import type { LoadResult } from '../client/types.ts';

export interface LabAddress {
  url: string; // http://127.0.0.1:8080/
  token?: string; // the fault token: /crash and /block refuse requests without it
}

/** One request an operation sent on its own, and how it ended. */
export interface SingleOutcome {
  ok: boolean;
  status?: number; // absent when the connection died without an answer
  error?: string; // ECONNRESET, socket hang up, timeout, HTTP 403...
  latencyMs: number;
  pid?: number; // from X-Served-By, when the lab answered
}

export type { LoadResult };
