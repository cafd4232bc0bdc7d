// The live view on Bun and on Deno (the sources, as the README's Runtimes table runs them), in a
// real tmux terminal: the tree with httpd's role names and the scoreboard appear, `q` gives the
// terminal back (normal screen, the shell answers) and no process of the lab is left.
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_TMUX } from '../support/tools.ts';
import { labCommand } from '../support/lab-process.ts';
import type { Runtime } from '../support/lab-process.ts';
import { childrenOf, comm, isAlive, threadNames, waitUntil } from '../support/proc.ts';
import { PROMPT, screenProcesses, screenScoreboard, screenThreads, Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX();

const opened: Tmux[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));

/** The screen shows the parent, each child /proc has (listener-N) and each of their worker threads (worker-N.T). */
function treeShown(screen: string, parent: number): boolean {
  const kids = childrenOf(parent);
  if (kids.length !== 2) return false;
  const rows = screenProcesses(screen);
  if (rows.find((p) => p.pid === parent)?.name !== 'mpm-parent') return false;
  for (const kid of kids) {
    const row = rows.find((p) => p.pid === kid);
    if (!row || !/^listener-\d+$/.test(row.name) || row.name !== comm(kid)) return false;
  }
  const workers = screenThreads(screen);
  const fromProc = kids.flatMap((k) => threadNames(k).filter((n) => n.startsWith('worker-')));
  return workers.length === 8 && workers.every((t) => /^worker-\d+\.\d+$/.test(t.name)) && fromProc.sort().join() === workers.map((t) => t.name).sort().join();
}

describe.runIf(AVAILABLE)('the live view in tmux on Bun and Deno', () => {
  for (const runtime of ['bun', 'deno'] as Runtime[]) {
    it(`${runtime}: run worker shows the tree and the scoreboard; q restores the terminal and leaves no process`, async () => {
      const tmux = new Tmux();
      opened.push(tmux);
      tmux.start(100, 40); // tall enough for every worker thread on its own line
      const command = labCommand(runtime).map((a) => `'${a}'`).join(' ');
      tmux.type(`${command} run worker --port 0 --config fixtures/worker-small.conf`);
      await tmux.waitFor((s) => s.includes('Scoreboard  BusyWorkers'), 30_000, 'the live view');
      const pid = tmux.foreground();
      expect(pid).toBeDefined();
      const seen = new Set<number>([pid!]);
      try {
        const screen = await tmux.waitFor((s) => treeShown(s, pid!), 20_000, 'the tree as /proc has it');
        childrenOf(pid!).forEach((k) => seen.add(k));
        expect(tmux.alternateScreen()).toBe(true);
        expect(screenScoreboard(screen)).toMatch(/^_{8}\.{8}$/);
        // the parent says which runtime it runs on
        await tmux.waitFor((s) => s.includes(`(parent pid ${pid}, ${runtime})`), 10_000, 'the Listening line naming the runtime');

        tmux.keys('q');
        expect(await waitUntil(() => [...seen].every((p) => !isAlive(p)), 15_000)).toBe(true);
        const after = await tmux.waitFor((s) => s.trimEnd().endsWith(PROMPT.trim()), 10_000, 'the shell prompt');
        expect(tmux.alternateScreen()).toBe(false);
        expect(after).toContain(`mpm-lab: stopping the worker lab (parent pid ${pid})...`);
        tmux.type('echo "back $((40 + 2)) status=$?"');
        await tmux.waitFor((s) => /back 42 status=0/.test(s), 5000, 'the shell answering, the lab having exited 0');
      } finally {
        // whatever failed above: nothing of the lab outlives the test
        for (const p of seen) if (isAlive(p)) process.kill(p, 'SIGKILL');
      }
    });
  }
});
