// The lab client's shapes: what a load run asks for and what it reports, request by request.

/** Who served a response, from the lab's `X-Served-By: pid=1234 tid=1240 thread=worker-3 slot=1.3`. */
export interface ServedBy {
  pid: number;
  tid: number;
  thread: string;
  slot: string; // "process.thread", as the scoreboard numbers them
}

export interface LoadOptions {
  url: string;
  concurrency: number; // requests in flight at once, one connection each
  requests: number; // how many to send in all
  keepAlive: boolean; // reuse each connection (ab -k) or close it after every response
  timeoutMs: number; // per request, connecting included
  maxDurationMs?: number; // hard cap for the whole run (default 120000): a load always stops
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface LoadProgress {
  total: number;
  sent: number;
  done: number;
  ok: number;
  failed: number;
  elapsedMs: number;
}

export interface RequestOutcome {
  index: number; // send order, from 0
  ok: boolean; // a complete response with a 2xx or 3xx status
  status?: number;
  error?: string; // ECONNRESET, timeout, socket hang up, HTTP 503, closed by the lab: backlog full (ListenBacklog 8), aborted...
  startedAt: number; // epoch ms
  latencyMs: number; // until the whole response was read, or until it failed
  servedBy?: ServedBy;
  reused: boolean; // sent on a connection an earlier request had used
  closedBeforeResponse?: boolean; // failed on a reused connection that closed before any byte of the response
}

export interface LatencySummary {
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  requests: RequestOutcome[]; // one per request sent, in send order
  ok: number;
  failed: number;
  durationMs: number;
  requestsPerSecond: number; // successful requests per second of the run
  latency: LatencySummary; // of successful requests; all 0 when none succeeded
  byPid: Record<number, number>; // responses (any status) by the pid that served them
  errors: Record<string, number>; // failures by kind
  closedBeforeResponse: number; // failures on reused keep-alive connections closed before any byte of the response
  stoppedBy: 'max-duration' | 'signal' | null; // why it stopped before sending everything
}

export interface RequestOptions {
  timeoutMs?: number; // default 30000
  headers?: Record<string, string>;
  method?: string; // default GET
}

export interface SingleResponse {
  status: number;
  headers: Record<string, string>; // lower-case names, repeated ones joined with ", "
  body: string;
  latencyMs: number;
}

export interface HoldResponse {
  status: number;
  servedBy?: ServedBy;
}

export interface KeepAliveHold {
  connections: number;
  /** Connections still open now. */
  open(): number;
  /** Closes every connection the server has not closed. */
  close(): void;
  /** Epoch ms at which the server closed each connection; null while open or closed by us. Live. */
  closedAt: (number | null)[];
  /** Each connection's response; null where the exchange failed (see errors). */
  responses: (HoldResponse | null)[];
  errors: (string | null)[];
}
