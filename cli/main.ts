#!/usr/bin/env node
// The entry point: `mpm-lab ...` (bin/mpm-lab.js under Node, this file under Bun and Deno).
import { guardAgainstDebugger } from '../labs/runtime/debugger-guard.ts';

guardAgainstDebugger(); // before anything else loads: SIGUSR1 must never open a debugger
const { main } = await import('./program.ts');
await main(process.argv);
