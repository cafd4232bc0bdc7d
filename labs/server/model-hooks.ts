// What differs between prefork, worker and event on the parent's side, like the hooks each
// httpd MPM registers. Everything else about the parent is shared (parent.ts).
import type { LabConfig, ModelName } from '../config/types.ts';
import type { MaintenanceDecision, Retained } from '../maintenance/types.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';

export interface ModelHooks {
  name: ModelName;
  /** The module each child process runs. */
  childModule: URL;
  isThreaded: boolean;
  isAsync: boolean;
  /** ap_daemons_limit: processes at most. */
  daemonsLimit(config: LabConfig): number;
  /** Slots per process shown on the scoreboard. */
  threadsPerChild(config: LabConfig): number;
  threadLimit(config: LabConfig): number;
  maintain(sb: ScoreboardSnapshot, config: LabConfig, retained: Retained): MaintenanceDecision;
  /** The log module name, e.g. mpm_prefork. */
  logModule: string;
  /** What a leaving child's busy slots show until they finish (told to each child). */
  busyWhileLeaving: BusyWhileLeaving;
}

/**
 * 'G': Gracefully finishing, at once (prefork's parent and event's listener mark them);
 * 'unchanged': what they are doing (W, K...), as worker leaves them; then '.' when done.
 */
export type BusyWhileLeaving = 'G' | 'unchanged';
