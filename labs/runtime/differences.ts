// Where a JavaScript runtime makes the lab differ from httpd: one sentence each, said where
// the learner meets it (when a model starts, in the UI's help).
import type { ModelName } from '../config/types.ts';
import { runtimeName } from './runtime-name.ts';

export function runtimeDifferences(model: ModelName): string[] {
  const said = [
    "The parent accepts each connection and hands it to a child that is free, as httpd's accept mutex decides who accepts next: no JavaScript runtime lets a busy child stop accepting from a shared socket.",
  ];
  if (model !== 'prefork') {
    said.push("Each child's main thread plays httpd's listener thread and owns the sockets, and its worker threads run the requests: no JavaScript runtime can move a socket into a thread.");
  }
  if (runtimeName() === 'deno') {
    said.push('On SIGUSR1 Deno also opens a debugger on 127.0.0.1:9229, which anyone on this machine could use: the lab keeps that port taken, so Deno says "Failed to start inspector server" instead.');
  }
  return said;
}
