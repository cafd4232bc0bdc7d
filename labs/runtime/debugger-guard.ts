// SIGUSR1 is httpd's graceful restart, and Node and Deno also open a debugger on it, on
// 127.0.0.1:9229, where anyone on the machine could attach and run code as the learner.
import inspector from 'node:inspector';
import net from 'node:net';
import { runtimeName } from './runtime-name.ts';

/** The one address Deno's SIGUSR1 debugger binds; Deno has no flag or variable against it. */
export const DENO_SIGUSR1_DEBUGGER = { host: '127.0.0.1', port: 9229 } as const;

/**
 * Where a Node child's debugger would bind: TEST-NET-1 (RFC 5737), an address no machine
 * has, so a SIGUSR1 that comes before the child's guard runs gets "address not available".
 * (Node 20 has no --disable-sigusr1.)
 */
const NODE_CHILD_DEBUGGER_ADDRESS = '192.0.2.1:9229';

const RETAKE_MS = 1000;

/**
 * Called once, first, in every process of the lab: the parent (`mpm-lab run`), the lesson
 * command and each child. SIGUSR1 then only does what the lab's own listeners say.
 */
export function guardAgainstDebugger(): void {
  // Node opens its debugger only while no JavaScript listens for SIGUSR1 (a listener takes
  // the signal from it; removing the last one gives it back), so one always does. Bun opens
  // none, but would die of SIGUSR1 without a listener: the same one keeps the runtimes alike.
  process.on('SIGUSR1', () => {});
  if (debuggerAskedFor()) return; // `--inspect`: whoever started the lab wants one
  if (runtimeName() === 'deno') keepDenoDebuggerPortTaken();
  closeDebuggerSoon(); // one a SIGUSR1 opened before this line ran (Node's first ~70 ms)
}

/** A debugger asked for on the command line: Node's flags, or Deno's open one (its SIGUSR1 waits 0.5 s). */
function debuggerAskedFor(): boolean {
  if (runtimeName() === 'deno') return inspectorUrl() !== undefined;
  return asksForDebugger([...process.execArgv, process.env.NODE_OPTIONS ?? '']);
}

function asksForDebugger(flags: string[]): boolean {
  return flags.some((f) => /--inspect(-brk|-wait)?(=|\s|$)/.test(f)); // not --inspect-port
}

/**
 * Runtime flags for a child process, before its own `childFlags`: see
 * NODE_CHILD_DEBUGGER_ADDRESS. None when those ask for a debugger (MPM_LAB_CHILD_ARGV=--inspect=...).
 */
export function debuggerGuardFlags(childFlags: string[]): string[] {
  return runtimeName() === 'node' && !asksForDebugger(childFlags) ? [`--inspect-port=${NODE_CHILD_DEBUGGER_ADDRESS}`] : [];
}

/**
 * Deno (2.9.2 and later) opens its debugger on SIGUSR1 whatever listens, and gives up when
 * the bind fails ("Failed to start inspector server"). So the lab keeps that port taken: any
 * holder will do (another lab's, anyone's), and when another has it, this process takes it
 * over once it is free. A debugger that opened in such a moment is closed at once.
 */
function keepDenoDebuggerPortTaken(): void {
  let held = false;
  let trying = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const take = () => {
    if (held || trying) return;
    trying = true;
    clearTimeout(retry);
    const server = net.createServer((socket) => socket.destroy()); // serves nothing
    server.on('error', () => {
      trying = false;
      retry = setTimeout(take, RETAKE_MS);
      retry.unref();
    });
    server.listen(DENO_SIGUSR1_DEBUGGER.port, DENO_SIGUSR1_DEBUGGER.host, () => {
      trying = false;
      held = true;
    });
    server.unref();
  };
  take();
  process.on('SIGUSR1', () => {
    take();
    closeDebuggerSoon();
  });
}

function closeDebuggerSoon(): void {
  const close = () => {
    if (inspectorUrl() === undefined) return;
    try {
      inspector.close();
    } catch {
      // not allowed to: the port Deno's debugger wants is held (keepDenoDebuggerPortTaken)
    }
  };
  for (const ms of [0, 20, 200]) setTimeout(close, ms).unref();
}

/**
 * The open debugger's address, if any. Deno without --allow-sys=inspector refuses to say
 * (NotCapable): then the port it would take is held all the same, and there is nothing to close.
 */
function inspectorUrl(): string | undefined {
  try {
    return inspector.url();
  } catch {
    return undefined;
  }
}
