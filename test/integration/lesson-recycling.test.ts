// Lesson 7 (recycling children, and restarts) on a live lab: unattended in --plain, every claim
// checked; and its graceful step done by hand, as a learner would, with `mpm-lab ctl graceful`
// from another terminal (a pty from util-linux `script` makes the lesson ask and watch).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labCommand } from '../support/lab-process.ts';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';
import { haveTool } from '../support/tools.ts';
import { waitUntil } from '../support/proc.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('mpm-lab lesson 7 --plain, unattended', () => {
  it('recycles children after 5 connections, loses none in a graceful restart (G on event, W on worker), all 8 in a restart', async () => {
    const r = await runLessonCli(['lesson', '7', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.replace(/\s+/g, ' ');
    // MaxConnectionsPerChild 5: 20 connections, no child over 5, new pids in the freed slots
    expect(out).toMatch(/20 of 20 were answered, by ([4-9]) different children: \d+ \([1-5]\)(, \d+ \([1-5]\)){3,8}\./);
    expect(out).toMatch(/No child served more than MaxConnectionsPerChild 5 \(measured: at most 5\)/);
    expect(out).toMatch(/\d children exited by themselves \(\d of them after exactly 5 connections, 0 by a signal\)/);
    expect(out).toMatch(/Child (\d+) left slot \d first; \d+ ms later child (?!\1)\d+ took that slot/);
    // graceful on event: nothing lost, the old busy threads G, generation 1 -> 2
    expect(out).toMatch(/8 of 8 were answered and 0 failed, all 8 by the old children/);
    expect(out).toMatch(/slots read `GGGG GGGG`: 8 G\. mod_status printed `Scoreboard: GGGGGGGG[^G`]*`/);
    expect(out).toMatch(/ParentServerConfigGeneration went from 1 to 2\./);
    // worker leaves them W
    expect(out).toMatch(/worker: the old children's slots read `WWWW WWWW` \(8 W, 0 G\)/);
    expect(out).toMatch(/8 of 8 answered, 0 lost/);
    // restart: all 8 cut, at once
    expect(out).toMatch(/8 of 8 failed \(.+?\), all within \d+ ms of the signal; 0 were answered/);
    expect(out).toMatch(/AH00172: SIGHUP received\. Attempting to restart/);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(15);
    expect(r.stdout).not.toMatch(/FAILED/);
  });
});

const HAVE_SCRIPT = () => {
  let found = true;
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
  } catch {
    found = false;
  }
  return haveTool('script (util-linux)', found, 'apt-get install -y util-linux');
};

describe('lesson 7 by hand', () => {
  it.runIf(HAVE_SCRIPT())('the graceful step goes on when the learner runs `mpm-lab ctl graceful --port N`', async () => {
    const home = tempStateHome();
    try {
      // Start at step 2 (graceful), as progress says.
      fs.mkdirSync(path.join(home, 'mpm-lab'), { mode: 0o700 });
      fs.writeFileSync(path.join(home, 'mpm-lab', 'progress.json'), JSON.stringify({ version: 1, lessons: { '7': { step: 2, steps: 4, done: false, startedAt: 'x', updatedAt: 'x' } } }), { mode: 0o600 });
      const command = labCommand().map((a) => `'${a}'`).join(' ');
      const child = spawn('script', ['-qfc', `${command} lesson 7 --plain`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_STATE_HOME: home } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        expect(await waitUntil(() => /Your prediction/.test(out), 30_000)).toBe(true);
        child.stdin.write('0\n');
        expect(await waitUntil(() => /Watching the lab for your action/.test(out), 10_000)).toBe(true);
        const port = Number(/mpm-lab ctl graceful --port (\d+)/.exec(out)![1]);
        // Give the step time to put its 8 slow requests in flight, then act as the learner.
        await new Promise((r) => setTimeout(r, 1500));
        const [cmd, ...pre] = labCommand();
        const ctl = execFileSync(cmd!, [...pre, 'ctl', 'graceful', '--port', String(port)], { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: home } });
        expect(ctl).toMatch(/told the event lab on port \d+ \(pid \d+\) to graceful restart/);
        expect(await waitUntil(() => /\[checked\] The old children left when done/.test(out), 40_000), out.slice(-3000)).toBe(true);
        const flat = out.replace(/\s+/g, ' ');
        expect(flat).toMatch(/\[checked\] None was lost: 8 of 8 answered, 8 by the old children/);
        expect(flat).toMatch(/\[checked\] event showed the old busy threads as G \(measured: 8 of 8, `GGGG GGGG`\)/);
        expect(flat).toMatch(/\[checked\] ParentServerConfigGeneration went from 1 to 2/);
        expect(flat).toMatch(/You said 0; this run: 0\. Right\./);
        child.stdin.write('q\n');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
