// The few messages between the parent and its children. The parent's connection hand-off is
// on the hot path: one small message with the socket, one back when the connection closes.
import type { LabConfig, ModelName } from '../config/types.ts';

/** Parent -> child. */
export type ToChild =
  | { t: 'c' } // a connection, passed as the handle
  | { t: 'stop' } // the pipe of death: finish what you serve, then exit
  | { t: 'full' }; // connections are waiting and no child takes them (event closes idle keep-alive ones)

/** Child -> parent. `limit`: connections the child takes at once now; `closed`: closed so far. */
export type ToParent =
  | { t: 'ready'; limit: number }
  | { t: 'd'; closed: number; limit: number }
  | { t: 'l'; closed: number; limit: number };

/** Everything a child needs, given as its one command-line argument (JSON). */
export interface ChildOptions {
  model: ModelName;
  slot: number;
  generation: number;
  scoreboard: string; // path
  token: string;
  config: LabConfig;
}
