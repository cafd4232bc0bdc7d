// The few messages between the parent and its children. The parent's connection hand-off is
// on the hot path: one small message with the socket, one back when the connection closes.
import type { LabConfig, ModelName } from '../config/types.ts';
import type { BusyWhileLeaving } from './model-hooks.ts';

/** Parent -> child. */
export type ToChild =
  | { t: 'options'; options: ChildOptions } // first, right after the fork (never in argv: /proc shows argv to everyone)
  | { t: 'c' } // a connection, passed as the handle
  | { t: 'stop' } // the pipe of death: finish what you serve, then exit
  | { t: 'full' }; // connections are waiting and no child takes them (event, with no idle worker, gives up its idle keep-alive ones)

/** Child -> parent. `limit`: connections the child takes at once now; `closed`: closed so far. */
export type ToParent =
  | { t: 'ready'; limit: number }
  | { t: 'd'; closed: number; limit: number }
  | { t: 'l'; closed: number; limit: number }
  | { t: 'log'; level: 'info'; module: string; code: string; text: string } // a line of httpd's own, logged with the child's pid
  | { t: 'r' }; // read the last message (where the runtime needs a receipt: labs/runtime/child-message-receipt.ts)

/**
 * Everything a child needs. Only model and slot are on its command line (`child MODEL SLOT`,
 * to name itself at once); the rest, the token and the config included, is the parent's
 * first message (labs/child/options.ts).
 */
export interface ChildOptions {
  model: ModelName;
  slot: number;
  generation: number;
  scoreboard: string; // path
  token: string;
  config: LabConfig;
  busyWhileLeaving: BusyWhileLeaving; // the model's, from its hooks
}
