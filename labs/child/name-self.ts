import { nameProcess } from '../runtime/process-name.ts';
import { childComm, childTitle } from '../server/role-names.ts';
import { childIdentity } from './options.ts';

/** A child's first statement: its title and comm, from its command line (model and slot). */
export function nameThisChild(): void {
  const { model, slot } = childIdentity();
  nameProcess(childTitle(model, slot), childComm(model, slot));
}
