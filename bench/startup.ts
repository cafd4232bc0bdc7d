// How fast the commands a learner types first start: `mpm-lab --help` and `mpm-lab lessons`
// against `node -e 0` (Node's own start), run in turns, side by side in one run, so that the
// machine's load touches all alike. Prints the medians, the ratios and the modules loaded.
//
//   npm run build && node dist/bench/startup.js [--runs 20]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LOADED_MODULES_PRELOAD, loadedModules } from './loaded-modules.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.includes('/dist/') ? '../..' : '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const RUNS = Number(values.runs);
const BIN = path.join(ROOT, 'bin/mpm-lab.js');

const COMMANDS: { label: string; args: string[] }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'mpm-lab --help', args: [BIN, '--help'] },
  { label: 'mpm-lab lessons', args: [BIN, 'lessons'] },
];

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status ?? run.signal}:\n${run.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function modulesOf(args: string[]): number {
  if (args[0] === '-e') return 0;
  const run = spawnSync(process.execPath, ['--import', LOADED_MODULES_PRELOAD, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return loadedModules(run.stderr).filter((u) => u.startsWith('file:')).length;
}

for (const c of COMMANDS) timeOnce(c.args); // warm the file cache
const times = COMMANDS.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) COMMANDS.forEach((c, j) => times[j]!.push(timeOnce(c.args)));

const base = median(times[0]!);
console.log(`Node ${process.version}, ${RUNS} runs each, in turns; median wall time of the whole process`);
console.log('command'.padEnd(18) + 'median ms'.padStart(10) + 'x node -e 0'.padStart(13) + 'files loaded'.padStart(14));
COMMANDS.forEach((c, j) => {
  const m = median(times[j]!);
  console.log(c.label.padEnd(18) + m.toFixed(1).padStart(10) + (m / base).toFixed(2).padStart(13) + String(modulesOf(c.args)).padStart(14));
});
