// `mpm-lab lesson 1 --plain` in a terminal (a pty from util-linux `script`): it asks line by
// line, and a step the learner does by hand (kill -TERM PID in another terminal) goes on when
// the lab sees the effect.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labCommand } from '../support/lab-process.ts';
import { tempStateHome } from '../support/lesson-cli.ts';
import { haveTool } from '../support/tools.ts';
import { waitUntil } from '../support/proc.ts';

const HAVE_SCRIPT = () => {
  let found = true;
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
  } catch {
    found = false;
  }
  return haveTool('script (util-linux)', found, 'apt-get install -y util-linux');
};

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('a lesson in a terminal', () => {
  it.runIf(HAVE_SCRIPT())('asks for a prediction, then watches for the learner\'s own kill -TERM', async () => {
    // Start at step 3 (kill-child), as progress says.
    fs.mkdirSync(path.join(state, 'mpm-lab'), { mode: 0o700 });
    fs.writeFileSync(path.join(state, 'mpm-lab', 'progress.json'), JSON.stringify({ version: 1, lessons: { '1': { step: 3, steps: 3, done: false, startedAt: 'x', updatedAt: 'x' } } }), { mode: 0o600 });
    const command = labCommand().map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfc', `${command} lesson 1 --plain`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_STATE_HOME: state } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      expect(await waitUntil(() => /Your prediction/.test(out), 30_000)).toBe(true);
      child.stdin.write('2\n');
      expect(await waitUntil(() => /Watching the lab for your action/.test(out), 10_000)).toBe(true);
      const pid = Number(/kill -TERM (\d+)/.exec(out)![1]);
      process.kill(pid, 'SIGTERM'); // the learner, in another terminal
      expect(await waitUntil(() => /\[checked\] The lab is back to 2 idle children/.test(out), 15_000)).toBe(true);
      expect(out).toMatch(new RegExp(`Child ${pid} exited`));
      expect(out).toMatch(/You said 2\) it starts a new child in its place; this run: 2\) it starts a new child in its place\. Right\./);
      child.stdin.write('q\n');
      expect(await exited).toBe(0);
      expect(out).toMatch(/\[lab prefork stopped\]/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
