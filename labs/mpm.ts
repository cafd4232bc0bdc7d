// One interface, three models, as httpd's include/ap_mpm.h: prefork, worker and event each
// implement it; the CLI, the UI and the lessons know only this and the scoreboard.
import type { LabConfig, ModelName, ResolvedConfig } from './config/types.ts';
import type { LogEntry } from './log/error-log.ts';
import type { ScoreboardSnapshot } from './scoreboard/types.ts';

/** ap_mpm_query's answers. */
export interface MpmQuery {
  model: ModelName;
  isThreaded: boolean;
  isAsync: boolean; // event: idle keep-alive connections leave their thread
  maxDaemons: number; // ap_daemons_limit: processes at most
  threadsPerChild: number;
  maxRequestWorkers: number;
  serverLimit: number;
  threadLimit: number;
  generation: number;
  state: 'starting' | 'running' | 'stopping' | 'stopped';
}

export interface StartedLab {
  url: string; // http://127.0.0.1:8080/
  host: string;
  port: number;
  pid: number; // the parent's pid
  token: string; // fault token
  runDir: string;
}

/** What happened in the parent, for the UI and lessons; the same facts the log prints. */
export type LabEvent =
  | { type: 'log'; entry: LogEntry }
  | { type: 'spawn'; time: number; slot: number; pid: number; generation: number }
  | { type: 'exit'; time: number; slot: number; pid: number; code: number | null; signal: string | null; crashed: boolean; lostConnections: number }
  | { type: 'state'; time: number; state: MpmQuery['state'] };

export interface Mpm {
  readonly name: ModelName;
  /** Bind the listener, start StartServers children, begin maintenance. */
  start(): Promise<StartedLab>;
  /** Stop: `graceful` lets children finish what they serve (SIGWINCH), otherwise SIGTERM. */
  stop(options?: { graceful?: boolean }): Promise<void>;
  /** Restart with a config read anew: `graceful` (SIGUSR1) or at once (SIGHUP). */
  restart(options: { graceful: boolean; config?: ResolvedConfig }): Promise<void>;
  query(): MpmQuery;
  scoreboard(): ScoreboardSnapshot;
  config(): LabConfig;
  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(listener: (event: LabEvent) => void): () => void;
  /** Resolves when the lab has stopped, however it stopped. */
  readonly stopped: Promise<void>;
}
