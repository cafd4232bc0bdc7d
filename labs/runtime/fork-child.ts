import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { debuggerGuardFlags } from './debugger-guard.ts';
import { runtimeName } from './runtime-name.ts';

/**
 * Starts a child process running `module` with an IPC channel. Node runs the compiled .js
 * next to this file; Bun and Deno run the .ts sources as they are (Deno's fork passes its
 * own permissions on; anything in execArgv would reach V8 as a flag).
 *
 * `args` and `env` must hold nothing secret and nothing large: every user can read
 * /proc/PID/cmdline (until the child sets its title), and the kernel refuses a long one (E2BIG).
 * Send such things over the IPC channel instead.
 *
 * `execPath`: the runtime to start, by default this one; roleExecutable() gives one that
 * names the child in ps from its first moment.
 */
export function forkChild(module: URL, args: string[], env: NodeJS.ProcessEnv, output: 'inherit' | 'pipe' = 'inherit', execPath = process.execPath): ChildProcess {
  return fork(fileURLToPath(module), args, {
    env,
    execPath,
    execArgv: [...debuggerGuardFlags(childExecArgv()), ...childExecArgv()],
    stdio: ['ignore', output, output, 'ipc'],
    serialization: 'json',
  });
}

/**
 * Node flags for the children, for profiling them: MPM_LAB_CHILD_ARGV="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" (Node refuses --cpu-prof in NODE_OPTIONS). Node only: Deno
 * would hand these to V8.
 */
function childExecArgv(): string[] {
  const flags = process.env.MPM_LAB_CHILD_ARGV;
  return flags && runtimeName() === 'node' ? flags.split(/\s+/).filter(Boolean) : [];
}
