import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a child process running `module` with an IPC channel. Node runs the compiled .js
 * next to this file; Bun and Deno run the .ts sources as they are (Deno's fork passes its
 * own permissions on; anything in execArgv would reach V8 as a flag).
 */
export function forkChild(module: URL, args: string[], env: NodeJS.ProcessEnv, output: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return fork(fileURLToPath(module), args, {
    env,
    execArgv: [],
    stdio: ['ignore', output, output, 'ipc'],
    serialization: 'json',
  });
}
