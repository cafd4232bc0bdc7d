// What the terminal UI costs when nothing happens: CPU time of the lab's parent with the UI
// (in a real terminal: a private tmux server, 80x24) against the same lab with --headless,
// both running side by side over the same window; prints the ratio and the UI's share of a core.
//
//   npm run build && node dist/bench/ui-idle-cpu.js [--model worker] [--seconds 10]
//
// Needs tmux. Both labs bind 127.0.0.1 on free ports and are stopped at the end.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.includes('/dist/') ? '../..' : '..');
const { values } = parseArgs({ options: { model: { type: 'string', default: 'worker' }, seconds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '10' } } });
const MODEL = values.model!;
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const TMUX = ['-L', `mpmlab-bench-${process.pid}`];
const TICKS = 100; // USER_HZ

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
}

function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const s = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
        return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const treeTicks = (pid: number) => [pid, ...childrenOf(pid)].reduce((n, p) => n + (fs.existsSync(`/proc/${p}`) ? cpuTicks(p) : 0), 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v tmux']).status !== 0) {
    console.error('bench: tmux is not installed. Install it with: apt-get install -y tmux');
    process.exit(2);
  }
  const lab = [process.execPath, path.join(ROOT, 'bin/mpm-lab.js'), 'run', MODEL, '--port', '0'];
  const headless = spawn(lab[0]!, [...lab.slice(1), '--headless'], { stdio: 'ignore' });
  // exec: the pane's process is the lab's parent itself
  const cmd = `exec ${lab.map((a) => `'${a}'`).join(' ')} 2>/dev/null`;
  spawnSync('tmux', [...TMUX, 'new-session', '-d', '-x', '80', '-y', '24', '-e', 'LANG=C.UTF-8', cmd]);
  const stop = () => {
    headless.kill('SIGTERM');
    spawnSync('tmux', [...TMUX, 'kill-server']);
  };
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  const uiPid = Number(spawnSync('tmux', [...TMUX, 'display', '-p', '#{pane_pid}'], { encoding: 'utf8' }).stdout.trim());
  await sleep(WARMUP * 1000); // start-up done, children up, screen drawn
  const screen = spawnSync('tmux', [...TMUX, 'capture-pane', '-p'], { encoding: 'utf8' }).stdout;
  if (!/Scoreboard/.test(screen)) throw new Error(`the UI did not come up in tmux:\n${screen}`);

  const before = { ui: cpuTicks(uiPid), headless: cpuTicks(headless.pid!), uiTree: treeTicks(uiPid), headlessTree: treeTicks(headless.pid!) };
  await sleep(SECONDS * 1000);
  const after = { ui: cpuTicks(uiPid), headless: cpuTicks(headless.pid!), uiTree: treeTicks(uiPid), headlessTree: treeTicks(headless.pid!) };
  const ms = (t: number) => (t * 1000) / TICKS;
  const ui = ms(after.ui - before.ui);
  const hl = ms(after.headless - before.headless);
  const uiTree = ms(after.uiTree - before.uiTree);
  const hlTree = ms(after.headlessTree - before.headlessTree);
  console.log(`${MODEL} lab, idle, ${SECONDS} s side by side (CPU time from /proc/PID/stat, 10 ms ticks)`);
  console.log(`  parent with the UI (tmux 80x24): ${ui.toFixed(0)} ms   headless: ${hl.toFixed(0)} ms   ratio ${hl > 0 ? (ui / hl).toFixed(2) : 'n/a (headless used < 10 ms)'}`);
  console.log(`  the UI's own cost: ${(ui - hl).toFixed(0)} ms per ${SECONDS} s = ${(((ui - hl) / (SECONDS * 1000)) * 100).toFixed(2)}% of one core`);
  console.log(`  whole lab (parent + children): UI ${uiTree.toFixed(0)} ms, headless ${hlTree.toFixed(0)} ms`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(1);
  },
);
