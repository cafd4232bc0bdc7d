// Node: once a child has started, V8 optimizes its hot functions after a quarter of the
// execution it waits for by default. Each prefork child and each worker thread is an isolate
// that warms up its own copy of the request path, and at the default most of them serve for a
// long while unoptimized (bench/README.md: prefork with keep-alive used half the CPU a
// request). Set only after start-up, which the lower budget made slower and larger (it
// optimized code that runs once). Bun's JavaScriptCore takes no V8 flags; Deno is left as is.
import v8 from 'node:v8';
import { runtimeName } from './runtime-name.ts';

/** Bytecode a function runs before V8 considers optimizing it: Node 20's default is 66 KB. */
export const TIER_UP_BUDGET = 16 * 1024;

export function tierUpSooner(): void {
  if (runtimeName() !== 'node') return;
  if (process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return; // asked for one (MPM_LAB_CHILD_ARGV)
  v8.setFlagsFromString(`--interrupt-budget=${TIER_UP_BUDGET}`);
}
