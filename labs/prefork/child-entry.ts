// prefork's child process starts here: it names itself first (ps shows its role at once,
// whatever the load), then loads what it runs.
import { nameThisChild } from '../child/name-self.ts';
import { guardAgainstDebugger } from '../runtime/debugger-guard.ts';

guardAgainstDebugger(); // first: SIGUSR1 must never open a debugger (and Deno's signal thread gets named below)
nameThisChild();
await import('./child.ts');
