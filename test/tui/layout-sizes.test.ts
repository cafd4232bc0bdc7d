// The live view in real terminals of 80x24, 100x30, 120x40 and 200x50, for `mpm-lab run` and
// for `mpm-lab lesson 1` (the lesson pane beside the lab from 120 columns, above it below):
// every pane's title whole, the log with room for httpd's messages, the lesson's answer line,
// and nothing left running after q. Also: the lesson's keys, and what k says once the server
// has closed the idle keep-alive connections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lessonWidth } from '../../cli/tui/layout.ts';
import { HAVE_TMUX } from '../support/tools.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';
import { Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX();
const SIZES: [number, number][] = [
  [80, 24],
  [100, 30],
  [120, 40],
  [200, 50],
];

const opened: Tmux[] = [];
const stateDirs: string[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));
afterAll(() => {
  opened.forEach((t) => t.kill());
  for (const dir of stateDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh progress folder (0700, made here), so that tests never touch the learner's progress. */
function stateDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-tui-'));
  stateDirs.push(dir);
  return dir;
}

async function open(cols: number, rows: number, args: string, ready: (s: string) => boolean, env: Record<string, string> = {}): Promise<{ tmux: Tmux; pid: number }> {
  const tmux = new Tmux();
  opened.push(tmux);
  tmux.start(cols, rows, env);
  tmux.type(Tmux.mpmLab(args));
  await tmux.waitFor((s) => ready(s) && tmux.foreground() !== undefined, 30_000, 'the live view');
  return { tmux, pid: tmux.foreground()! };
}

async function quit(tmux: Tmux, pid: number): Promise<void> {
  const kids = childrenOf(pid);
  expect(kids.length).toBeGreaterThan(0);
  tmux.keys('q');
  expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 20_000)).toBe(true);
}

/** The lesson pane's last line: the answer being typed, or what Enter does now. */
const LESSON_STATUS = /Your answer: _|Enter runs the experiment|watching for your action/;

const TITLE_PARTS = [/Scoreboard {2}BusyWorkers \d+/, /IdleWorkers \d+(?!…)/, /GracefulWorkers \d+(?!…)/, /Traffic sent from here/, /concurrency \d+(?!…)/, /keep-alive held \d+(?!…)/, /Log: the parent's error_log \(pid \d+\)/];

function titlesWhole(screen: string): void {
  for (const part of TITLE_PARTS) expect(screen).toMatch(part);
  expect(screen).toMatch(/PID +(PPID +)?TID NAME +THR ST +RSS REQUEST +AGE/);
  expect(screen).not.toMatch(/(Busy|Idle|Graceful)Work…|Traffic sent…|keep-alive h…/);
}

/** Lines of the log pane in a one-column layout: from its title to the key bar. */
function logRows(lines: string[], bar: RegExp): number {
  const at = lines.findIndex((l) => l.startsWith("Log: the parent's error_log"));
  const end = lines.findIndex((l, i) => i > at && bar.test(l));
  return at < 0 || end < 0 ? 0 : end - at - 1;
}

describe.runIf(AVAILABLE)('the live view at four sizes', () => {
  for (const [cols, rows] of SIZES) {
    it(`run worker at ${cols}x${rows}: every title whole, the log with 3 lines or more`, async () => {
      const { tmux, pid } = await open(cols, rows, 'run worker --port 0 --config fixtures/worker-small.conf', (s) => /listener-1/.test(s) && /IdleWorkers 8/.test(s) && /Log: the parent/.test(s));
      const screen = tmux.screen();
      titlesWhole(screen);
      const lines = tmux.lines();
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
      expect(screen).toContain('f fast burst');
      if (cols < 120) expect(logRows(lines, /^f fast burst/)).toBeGreaterThanOrEqual(3);
      else expect(lines[1]!.indexOf('Scoreboard')).toBeGreaterThan(70); // the tree beside the rest
      await quit(tmux, pid);
    }, 60_000);

    it(`lesson 1 at ${cols}x${rows}: the lesson pane ${cols >= 120 ? 'beside' : 'above'} the lab`, async () => {
      const { tmux, pid } = await open(cols, rows, 'lesson 1', (s) => LESSON_STATUS.test(s) && /prefork-1/.test(s) && /Log: the parent/.test(s), { XDG_STATE_HOME: stateDir() });
      const screen = tmux.screen();
      const lines = tmux.lines();
      titlesWhole(screen);
      expect(lines[1]).toMatch(/^Lesson 1: /);
      const heading = lines.findIndex((l) => / PID .* TID NAME /.test(l));
      const answer = lines.findIndex((l) => LESSON_STATUS.test(l));
      if (cols >= 120) {
        // beside: the lab's tree starts right of the lesson pane, on the first row
        expect(heading).toBe(1);
        expect(lines[1]!.indexOf('PID')).toBeGreaterThan(lessonWidth(cols));
        expect(lines[answer]!.search(LESSON_STATUS)).toBe(0);
      } else {
        // above: the lesson, its answer line, then the lab's panes
        expect(answer).toBeGreaterThan(1);
        expect(heading).toBe(answer + 1);
        expect(logRows(lines, /^Enter go on/)).toBeGreaterThanOrEqual(3);
      }
      expect(screen).toMatch(/Enter go on +n next +b back +r run +h hint +a answer +R reset/);
      await quit(tmux, pid);
      expect(await tmux.waitFor((s) => /left lesson 1; your progress is kept/.test(s), 10_000, 'the goodbye')).toBeTruthy();
    }, 60_000);
  }
});

describe.runIf(AVAILABLE)('the lesson keys in the live view', () => {
  it('a typed answer, Enter runs the experiment, the results come; B blocks a thread; n moves on; q keeps the progress', async () => {
    const state = stateDir();
    const { tmux, pid } = await open(80, 24, 'lesson 1', (s) => /Your answer: _/.test(s) && /prefork-1/.test(s), { XDG_STATE_HOME: state });
    tmux.keys('3');
    await tmux.waitFor((s) => /Your answer: 3_/.test(s), 5000, 'the typed answer');
    tmux.keys('Enter'); // sends the answer
    await tmux.waitFor((s) => /Enter runs the experiment/.test(s), 5000, 'ready to run');
    tmux.keys('Enter'); // runs it
    await tmux.waitFor((s) => /\[checked\]|\[FAILED\]/.test(s) && /Enter: next step/.test(s), 30_000, 'the results');
    tmux.keys('B'); // the lab's block key, B in a lesson
    await tmux.waitFor((s) => /» block: /.test(s), 10_000, 'the block action');
    tmux.keys('n');
    await tmux.waitFor((s) => /step 2\/\d/.test(s), 20_000, 'the next step');
    await quit(tmux, pid);
    const progress = JSON.parse(fs.readFileSync(path.join(state, 'mpm-lab', 'progress.json'), 'utf8')) as { lessons: Record<string, { step: number }> };
    expect(progress.lessons['1']!.step).toBe(2);
  }, 90_000);
});

describe.runIf(AVAILABLE)('idle keep-alive connections the server closes', () => {
  it('k: once KeepAliveTimeout has closed them, the view says when and why, and holds none', async () => {
    const { tmux, pid } = await open(80, 24, 'run event --port 0 --config fixtures/event-small.conf --set KeepAliveTimeout=2', (s) => /listener-1/.test(s) && /IdleWorkers 8/.test(s));
    // 4 clients, no more than one child's threads: with 16 (the default) on 8 threads, a child
    // can find all its workers busy and close its parked connections at once, as httpd's event
    // does ("kill'em all"), and then the timeout is not why they went.
    tmux.keys('-');
    tmux.keys('-');
    await tmux.waitFor((s) => /concurrency 4 /.test(s), 5000, 'concurrency 4');
    tmux.keys('k');
    await tmux.waitFor((s) => /holding \d+ idle keep-alive connections/.test(s), 15_000, 'the held connections');
    const screen = await tmux.waitFor((s) => /closed by the server at \d\d:\d\d:\d\d: idle for/.test(s), 15_000, 'the server closing them');
    expect(screen.replace(/\n\s*/g, ' ')).toMatch(/» \d+ idle keep-alive connections closed by the server at \d\d:\d\d:\d\d: idle for KeepAliveTimeout \(2 s\)/);
    expect(screen).toMatch(/keep-alive held 0/);
    await quit(tmux, pid);
  }, 60_000);
});
