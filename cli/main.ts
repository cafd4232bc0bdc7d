#!/usr/bin/env node
// The entry point: `mpm-lab ...` (bin/mpm-lab.js under Node, this file under Bun and Deno).
import { main } from './program.ts';

await main(process.argv);
