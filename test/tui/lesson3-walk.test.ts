// Lesson 3 walked by keys in a real 120x40 terminal: a right answer and a wrong one (shown as
// the difference, not a failure), the block and crash experiments run by Enter, n to move
// on, q to leave. Checked against the truth too: the crash killed a real child (its pid gone
// from /proc, a new one in its place), the progress file holds the step reached, and after q
// no process of the lesson is left and its port is free; reopened, the lesson resumes there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lessonWidth } from '../../cli/tui/layout.ts';
import { listeningPorts } from '../support/lesson-cli.ts';
import { HAVE_TMUX } from '../support/tools.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';
import { Tmux } from './tmux.ts';

const COLS = 120;
const ROWS = 40;
const opened: Tmux[] = [];
const stateDirs: string[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));
afterAll(() => {
  opened.forEach((t) => t.kill());
  for (const dir of stateDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The lesson pane's text (left of the lab at 120 columns), its lines joined by spaces. */
function lessonText(screen: string): string {
  const w = lessonWidth(COLS);
  return screen
    .split('\n')
    .map((l) => [...l].slice(0, w).join('').trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** 127.0.0.1 ports the process listens on: its socket inodes matched in /proc/net/tcp. */
function portsOf(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && f[3] === '0A' && inodes.has(f[9]!)) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
  }
  return ports;
}

const STEP_DONE = /Enter: next step/;

describe.runIf(HAVE_TMUX())('lesson 3 walked by keys at 120x40', () => {
  it('answers right and wrong, runs block and crash, moves on, quits clean; reopened, it resumes where it was', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-tui-'));
    stateDirs.push(state);
    const tmux = new Tmux();
    opened.push(tmux);
    tmux.start(COLS, ROWS, { XDG_STATE_HOME: state });
    tmux.type(Tmux.mpmLab('lesson 3'));
    await tmux.waitFor((s) => /Your answer: _/.test(s) && /listener-1/.test(s) && tmux.foreground() !== undefined, 60_000, 'lesson 3 open');
    const pid = tmux.foreground()!;
    const shown = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(tmux.screen())?.[1]);
    expect(portsOf(pid)).toContain(shown);

    // Step 1 (threads): no answer, run it, next.
    tmux.keys('Enter');
    await tmux.waitFor((s) => /Enter runs the experiment/.test(s), 10_000, 'ready to run step 1');
    tmux.keys('Enter');
    await tmux.waitFor((s) => STEP_DONE.test(s), 60_000, 'step 1 results');
    tmux.keys('n');
    await tmux.waitFor((s) => /step 2\/\d/i.test(lessonText(s)) && /Your answer: _/.test(s), 20_000, 'step 2');

    // Step 2 (slow): skip it with n straight away, to the block step.
    tmux.keys('n');
    await tmux.waitFor((s) => /step 3\/\d/i.test(lessonText(s)) && /Your answer: _/.test(s), 20_000, 'step 3 (block)');

    // Step 3 (block): a wrong answer, 1 ("they all wait"); the run measures 2.
    tmux.keys('1');
    await tmux.waitFor((s) => /Your answer: 1_/.test(s), 10_000, 'the typed answer 1');
    tmux.keys('Enter');
    await tmux.waitFor((s) => /Enter runs the experiment/.test(s), 10_000, 'ready to run the block');
    tmux.keys('Enter');
    let text = lessonText(await tmux.waitFor((s) => STEP_DONE.test(s), 60_000, 'the block results'));
    expect(text).toMatch(/You said 1\) they all wait[^;]*; this run: 2\) those in the blocked thread's process wait[^.]*\. The difference is the lesson: read on\./);
    expect(text).not.toMatch(/Right\./);
    expect(text).toMatch(/\[checked\] In the other process they did not wait/);
    expect(text).not.toMatch(/FAILED/);
    tmux.keys('n');
    await tmux.waitFor((s) => /step 4\/\d/i.test(lessonText(s)) && /Your answer: _/.test(s), 20_000, 'step 4 (crash)');

    // Step 4 (crash): the right answer is one process's in-flight count, ThreadsPerChild 4.
    const before = childrenOf(pid);
    expect(before.length).toBeGreaterThanOrEqual(2);
    tmux.keys('4');
    await tmux.waitFor((s) => /Your answer: 4_/.test(s), 10_000, 'the typed answer 4');
    tmux.keys('Enter');
    await tmux.waitFor((s) => /Enter runs the experiment/.test(s), 10_000, 'ready to run the crash');
    tmux.keys('Enter');
    text = lessonText(await tmux.waitFor((s) => STEP_DONE.test(s), 60_000, 'the crash results'));
    const lost = /(\d+) of (\d+) failed/.exec(text);
    expect(lost, text).not.toBeNull();
    expect(Number(lost![1])).toBe(4);
    expect(text).toMatch(/You said 4; this run: 4\. Right\./);
    const crashed = Number(/AH00052: child pid (\d+) exit signal Abort/.exec(text)?.[1]);
    expect(before).toContain(crashed);
    // The truth: that child is gone from /proc, and the parent started a new one.
    expect(fs.existsSync(`/proc/${crashed}`)).toBe(false);
    expect(await waitUntil(() => childrenOf(pid).some((c) => !before.includes(c)), 10_000)).toBe(true);
    expect(text).not.toMatch(/FAILED/);

    tmux.keys('n');
    await tmux.waitFor((s) => /step 5\/\d/i.test(lessonText(s)), 30_000, 'step 5');
    const progress = JSON.parse(fs.readFileSync(path.join(state, 'mpm-lab', 'progress.json'), 'utf8')) as { lessons: Record<string, { step: number }> };
    expect(progress.lessons['3']!.step).toBe(5);

    // q: the lesson and every lab process end, the ports close.
    const kids = childrenOf(pid);
    const ports = portsOf(pid); // every lab's listener that is open now
    expect(ports).toContain(shown);
    tmux.keys('q');
    expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 20_000)).toBe(true);
    await tmux.waitFor((s) => /left lesson 3; your progress is kept/.test(s), 10_000, 'the goodbye');
    const listening = listeningPorts();
    for (const p of ports) expect(listening.has(p)).toBe(false);

    // A restart: `progress --json` (a new process) reads step 5, and the lesson opens there again.
    tmux.type(`clear; ${Tmux.mpmLab('progress --json')} | tr -d ' \\n' | grep -o '"number":3,[^}]*'; echo progress-read`);
    const json = await tmux.waitFor((s) => /^progress-read/m.test(s), 30_000, 'progress --json');
    expect(json.replace(/\s+/g, '')).toMatch(/"number":3,"title":"[^"]*","status":"started","step":5,"steps":6/);
    tmux.type(`clear; ${Tmux.mpmLab('lesson 3')}`);
    await tmux.waitFor((s) => /step 5\/\d/i.test(lessonText(s)) && tmux.foreground() !== undefined, 60_000, 'lesson 3 reopened at step 5');
    expect(lessonText(tmux.screen())).not.toMatch(/step 1\/\d/i);
    const again = tmux.foreground()!;
    const againKids = childrenOf(again);
    tmux.keys('q');
    expect(await waitUntil(() => !isAlive(again) && againKids.every((k) => !isAlive(k)), 20_000)).toBe(true);
  }, 240_000);
});
