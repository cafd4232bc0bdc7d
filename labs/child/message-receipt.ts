// A child's receipt for each message from the parent, where the runtime needs one
// (labs/runtime/child-message-receipt.ts): the parent sends its next message after it.
import { messagesToChildNeedReceipt } from '../runtime/child-message-receipt.ts';
import { tellParent } from './parent-link.ts';

const needed = messagesToChildNeedReceipt();

export function acknowledgeMessage(): void {
  if (needed) tellParent({ t: 'r' });
}
