// `mpm-lab run MODEL` in a real 80x24 terminal: the screen lists the parent and every child
// that /proc shows, with the thread counts /proc has, and is readable at 80x24.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HAVE_TMUX } from '../support/tools.ts';
import { childrenOf, comm, isAlive, threadNames, waitUntil } from '../support/proc.ts';
import { screenProcesses, screenScoreboard, screenThreads, Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX();

const opened: Tmux[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));
afterAll(() => opened.forEach((t) => t.kill()));

async function openLab(model: string, cols = 80, rows = 24): Promise<{ tmux: Tmux; pid: number }> {
  const tmux = new Tmux();
  opened.push(tmux);
  tmux.start(cols, rows);
  tmux.type(Tmux.mpmLab(`run ${model} --port 0 --config fixtures/${model}-small.conf`));
  await tmux.waitFor((s) => s.includes('Scoreboard  BusyWorkers'), 20_000, 'the dashboard');
  const pid = tmux.foreground();
  if (!pid) throw new Error('no lab process under the shell');
  return { tmux, pid };
}

/** The screen agrees with /proc: the parent and exactly its children, and their thread counts. */
function agrees(screen: string, parent: number, withThreads: boolean): boolean {
  const shown = screenProcesses(screen).filter((p) => p.mark !== '!' && p.mark !== '-');
  const kids = childrenOf(parent);
  if (kids.length === 0) return false;
  const pids = shown.map((p) => p.pid).sort((a, b) => a - b);
  if (JSON.stringify(pids) !== JSON.stringify([parent, ...kids].sort((a, b) => a - b))) return false;
  if (shown.some((p) => p.pid !== p.tid)) return false;
  if (!withThreads) return true;
  return shown.every((p) => p.threads === threadNames(p.pid).length);
}

async function quit(tmux: Tmux, pid: number): Promise<void> {
  const kids = childrenOf(pid);
  tmux.keys('q');
  expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 15_000)).toBe(true);
}

describe.runIf(AVAILABLE)('run: the process tree is /proc', () => {
  for (const model of ['prefork', 'worker', 'event'] as const) {
    it(`${model}: the parent and each child /proc has, with their thread counts, at 80x24`, async () => {
      const { tmux, pid } = await openLab(model);
      // children start and name themselves; the screen follows /proc within a refresh or two
      const screen = await tmux.waitFor((s) => agrees(s, pid, true), 20_000, `the ${model} tree as /proc has it`);
      const rows = screenProcesses(screen);
      expect(rows.find((p) => p.pid === pid)).toMatchObject({ name: 'mpm-parent', status: '-' });
      for (const kid of childrenOf(pid)) {
        const row = rows.find((p) => p.pid === kid)!;
        expect(row.name).toBe(comm(kid)); // the name ps -o comm shows
        expect(row.name).toMatch(model === 'prefork' ? /^prefork-\d+$/ : /^listener-\d+$/);
      }
      // 80x24 readable: every line within 80 columns, the titles and the whole key bar on screen
      const lines = tmux.lines();
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
      expect(lines[1]).toMatch(/PID +TID NAME +THR ST +RSS REQUEST +AGE/);
      expect(screen).toMatch(/Traffic sent from here/);
      expect(screen).toMatch(/Log: the parent's error_log/);
      expect(lines.at(-2)).toMatch(/^f fast burst {2}s slow burst {2}k keep-alive {2}\+\/- concurrency {2}b block {2}x crash/);
      expect(lines.at(-1)).toMatch(/^g graceful {2}↑\/↓ scroll {2}p pause {2}\? help {2}\^L redraw {2}q quit/);
      expect(screenScoreboard(screen)).toMatch(model === 'prefork' ? /^[_S.]{8}$/ : /^[_S.]{16}$/);
      await quit(tmux, pid);
    });
  }

  it('worker, in a taller terminal: every worker thread with the TID and name /proc has', async () => {
    const { tmux, pid } = await openLab('worker', 100, 40);
    const screen = await tmux.waitFor(
      (s) => agrees(s, pid, true) && screenThreads(s).length === 8,
      20_000,
      'eight worker threads',
    );
    const threads = screenThreads(screen);
    for (const kid of childrenOf(pid)) {
      const fromProc = fs.readdirSync(`/proc/${kid}/task`).map(Number);
      const names = threadNames(kid);
      const workers = threads.filter((t) => fromProc.includes(t.tid));
      expect(workers).toHaveLength(4);
      for (const t of workers) {
        expect(names).toContain(t.name);
        expect(t.name).toMatch(/^worker-\d+\.\d$/);
        expect(t.status).toBe('_');
      }
    }
    expect(screen).toMatch(/PID +PPID +TID/); // wide enough for the PPID column
    await quit(tmux, pid);
  });
});
