// The live view laid out and drawn, without a terminal, at 80x24, 100x30, 120x40 and 200x50,
// with and without the lesson pane: no pane overlaps another or leaves the screen, every pane
// has its minimum, no title is cut, the log shows the start of a wrapped httpd message in 3
// lines or more, the last action reads whole, and wide screens leave no rows unused.
import { describe, expect, it } from 'vitest';
import { buildPsDocument } from '../../cli/plain/ps-model.ts';
import { dashboardPanes } from '../../cli/tui/dashboard-panes.ts';
import { headerLine } from '../../cli/tui/header-model.ts';
import { LESSON_BAR, RUN_KEYS, keyBarLines } from '../../cli/tui/keys.ts';
import { layout, lessonWidth } from '../../cli/tui/layout.ts';
import type { Layout, Rect } from '../../cli/tui/layout.ts';
import { LessonTranscript, lessonLines } from '../../cli/tui/lesson-model.ts';
import { clipLine, lineText } from '../../cli/tui/line.ts';
import type { Line } from '../../cli/tui/line.ts';
import { LogBuffer, logLines } from '../../cli/tui/log-model.ts';
import { scoreboardFromSnapshot, scoreboardLines } from '../../cli/tui/scoreboard-model.ts';
import { trafficLines } from '../../cli/tui/traffic-model.ts';
import type { TrafficState } from '../../cli/tui/traffic-model.ts';
import { layoutTree, treeHeading } from '../../cli/tui/tree-lines.ts';
import { rowsFromPs } from '../../cli/tui/tree-model.ts';
import type { LessonEvent } from '../../cli/lesson/session.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const MB = 1024 * 1024;
const LAB: LabRecord = { pid: 900, model: 'worker', host: '127.0.0.1', port: 8080, url: 'http://127.0.0.1:8080/', startedAt: 0, scoreboard: '/x', tokenFile: '/x', runtime: 'node' };
const proc = (pid: number, ppid: number, comm: string, threads: [number, string][]): ProcInfo => ({
  pid, ppid, comm, title: comm, state: 'S', rssBytes: 50 * MB, startTime: 0,
  threads: [[pid, comm] as [number, string], ...threads].map(([tid, c]) => ({ tid, comm: c, state: 'S' })),
});

/** A worker lab of `rows` (letters per child), `threads` threads a child, 4 runtime threads each. */
function workerLab(rows: string[], threads: number) {
  const snapshot = makeSnapshot('worker', rows, { threadsPerChild: threads });
  const tidOf = (p: number, t: number) => 2000 + p * 100 + t;
  snapshot.slots.forEach((row, p) => row.forEach((s, t) => (s.tid = s.pid ? tidOf(p, t) : 0)));
  const runtime = (base: number): [number, string][] => [0, 1, 2, 3].map((i) => [base * 10 + i, 'node']);
  const procs = [
    proc(900, 1, 'mpm-parent', runtime(900)),
    ...rows.flatMap((r, p) => (r ? [proc(1000 + p, 900, `listener-${p}`, [...Array.from({ length: threads }, (_, t) => [tidOf(p, t), `worker-${p}.${t}`] as [number, string]), ...runtime(1000 + p)])] : [])),
  ];
  return { snapshot, rows: rowsFromPs(buildPsDocument(LAB, snapshot, procs), null, snapshot) };
}

const AH00162 =
  'AH00162: server seems busy, (you may need to increase StartServers, or Min/MaxSpareServers), spawning 8 children, there are 0 idle, and 3 total children';
const SLOW_OUTCOME = 'slow burst: 16 ok, 0 failed; latency p50 3002 ms, max 3010 ms (waiting for a slot counts)';

function logBuffer(): LogBuffer {
  const log = new LogBuffer();
  log.push({ time: 0, level: 'notice', text: 'AH00163: mpm-lab/0.1.0 (worker) configured -- resuming normal operations' });
  log.push({ time: 0, level: 'notice', text: 'Listening on http://127.0.0.1:8080/ (parent pid 900, node)' });
  log.push({ time: 0, level: 'info', text: AH00162 });
  return log;
}

const STEP_TEXT = [
  'Each child process runs ThreadsPerChild worker threads, which serve the requests, and a listener thread.',
  'In the lab the listener is the process\'s main thread, named `listener-N`; the worker threads are `worker-N.T`.',
  '',
  'A second paragraph, so that the text is longer than a small pane: the pane scrolls with PgUp and PgDn.',
].join('\n');

function transcript(): LessonTranscript {
  const t = new LessonTranscript();
  const events: LessonEvent[] = [
    { type: 'lesson', time: 0, number: 3, title: 'worker: processes x threads, and shared fate', goal: "a thread's crash is its whole process's problem", intro: '', steps: [{ id: 'threads', title: 'Threads in one child' }] },
    {
      type: 'step', time: 0, of: 6, phase: 'question',
      step: { index: 0, id: 'threads', title: 'Threads in one child', text: STEP_TEXT, question: { text: 'How many threads does one child have?', kind: 'number', choices: [] }, tryText: null, byHand: false, hints: 2, labs: ['worker'] },
    },
  ];
  for (const e of events) t.apply(e);
  return t;
}

interface Drawn {
  layout: Layout;
  screen: string[]; // the whole screen, as a terminal would show it
  pane: Record<string, string[]>; // each pane's lines as drawn in its rectangle
}

/** Lays the view out and draws every pane into a cols x rows grid, as the panes do on screen. */
function draw(cols: number, rows: number, withLesson: boolean, threads = 4): Drawn {
  const lab = workerLab(['_W__'.padEnd(threads, '_'), '_'.repeat(threads), '', ''], threads);
  const board = scoreboardFromSnapshot(lab.snapshot);
  const recorder = new TrafficRecorder({ now: () => 1_000_000 });
  const state: TrafficState = { concurrency: 16, held: 0, action: { text: SLOW_OUTCOME, failed: false } };
  const log = logBuffer();
  const lesson = withLesson ? transcript() : null;
  const bar = withLesson ? LESSON_BAR : RUN_KEYS;
  const l = layout(cols, rows, dashboardPanes({ rows: lab.rows, board, recorder, traffic: state, lesson }), (w) => keyBarLines(bar, w).length);
  const content: Record<string, (r: Rect) => Line[]> = {
    tree: (r) => [treeHeading(r.width), ...layoutTree(lab.rows, r.width, r.height - 1).lines],
    scoreboard: (r) => scoreboardLines(board, r.width, r.height),
    traffic: (r) => trafficLines(recorder, state, r.width, r.height),
    log: (r) => logLines(log, "Log: the parent's error_log (pid 900)", r.width, r.height),
    lesson: (r) => lessonLines(lesson!, { text: '4', active: true }, r.width, r.height, 0).lines,
  };
  const grid = Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
  const put = (r: Rect, lines: Line[]) =>
    lines.slice(0, r.height).forEach((line, i) => [...lineText(clipLine(line, r.width))].forEach((ch, x) => (grid[r.top + i]![r.left + x] = ch)));
  put(l.header, [headerLine('mpm-lab worker', 'running', cols)]);
  put(l.keys, keyBarLines(bar, cols));
  const pane: Record<string, string[]> = {};
  for (const [id, r] of Object.entries(l.panes)) {
    const lines = content[id]!(r);
    put(r, lines);
    pane[id] = lines.slice(0, r.height).map((x) => lineText(clipLine(x, r.width)));
  }
  return { layout: l, screen: grid.map((g) => g.join('')), pane };
}

const overlap = (a: Rect, b: Rect) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

const SIZES: [number, number][] = [
  [80, 24],
  [100, 30],
  [120, 40],
  [200, 50],
];

describe.each(SIZES)('the live view at %ix%i', (cols, rows) => {
  for (const withLesson of [false, true]) {
    const mode = withLesson ? 'with the lesson pane' : 'without a lesson';

    it(`${mode}: every pane on screen, none over another, each with its minimum`, () => {
      const { layout: l } = draw(cols, rows, withLesson);
      expect(l.tooSmall).toBe(false);
      const ids = Object.keys(l.panes).sort();
      expect(ids).toEqual(withLesson ? ['lesson', 'log', 'scoreboard', 'traffic', 'tree'] : ['log', 'scoreboard', 'traffic', 'tree']);
      const rects = Object.values(l.panes);
      for (const r of rects) {
        expect(r.left).toBeGreaterThanOrEqual(0);
        expect(r.left + r.width).toBeLessThanOrEqual(cols);
        expect(r.top).toBeGreaterThanOrEqual(1);
        expect(r.top + r.height).toBeLessThanOrEqual(l.keys.top);
        expect(r.height).toBeGreaterThanOrEqual(1);
      }
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i]!, rects[j]!)).toBe(false);
      expect(l.keys.top + l.keys.height).toBe(rows);
    });

    it(`${mode}: no title is cut, the last action reads whole, the log shows the start of httpd's message`, () => {
      const d = draw(cols, rows, withLesson);
      const sb = d.pane['scoreboard']!.join('\n');
      for (const part of ['Scoreboard', 'BusyWorkers 1', 'IdleWorkers 7', 'GracefulWorkers 0']) expect(sb).toContain(part);
      const traffic = d.pane['traffic']!;
      for (const part of ['Traffic sent from here', 'concurrency 16', 'in flight 0', 'keep-alive held 0']) expect(traffic.join('\n')).toContain(part);
      expect(traffic.join(' ').replace(/\s+/g, ' ')).toContain(SLOW_OUTCOME);
      for (const id of ['tree', 'scoreboard', 'traffic', 'log']) expect(d.pane[id]![0]!, `${id} title`).not.toMatch(/…/);
      expect(d.pane['tree']![0]).toMatch(/PID +TID NAME +THR ST +RSS REQUEST +AGE/);
      // the log: its title and 3 lines at least; the newest message from its start
      const log = d.pane['log']!;
      expect(log.length).toBeGreaterThanOrEqual(4);
      expect(log.slice(1).join('\n')).toContain('AH00162: server seems busy');
    });
  }

  it('with the lesson pane: beside the lab from 120 columns, above it below that', () => {
    const { layout: l, pane } = draw(cols, rows, true);
    const lesson = l.panes['lesson']!;
    const tree = l.panes['tree']!;
    if (cols >= 120) {
      expect(lesson).toEqual({ left: 0, top: 1, width: lessonWidth(cols), height: l.keys.top - 1 });
      for (const id of ['tree', 'scoreboard', 'traffic', 'log']) expect(l.panes[id]!.left).toBeGreaterThan(lesson.width);
    } else {
      expect(lesson).toMatchObject({ left: 0, top: 1, width: cols });
      expect(tree.top).toBe(lesson.top + lesson.height);
      expect(lesson.height).toBeGreaterThanOrEqual(6);
    }
    const text = pane['lesson']!;
    expect(text[0]).toContain('Lesson 3: worker: processes x threads');
    expect(text.join('\n')).toContain('Step 1/6: Threads in one child');
    expect(text[text.length - 1]).toMatch(/^Your answer: 4_/);
  });
});

describe('the room is used', () => {
  it('120x40 and 200x50 without a lesson: both columns filled to the key bar, the right column wide enough for its titles', () => {
    for (const [cols, rows] of [
      [120, 40],
      [200, 50],
    ] as const) {
      const { layout: l } = draw(cols, rows, false);
      const body = l.keys.top - 1;
      const columns = new Map<number, number>();
      for (const r of Object.values(l.panes)) columns.set(r.left, (columns.get(r.left) ?? 0) + r.height);
      expect(columns.size).toBe(2);
      for (const used of columns.values()) expect(used).toBe(body);
      expect(l.panes['scoreboard']!.width).toBeGreaterThanOrEqual(47);
    }
  });

  it('80x24: the log has 3 lines or more for httpd\'s messages', () => {
    const { layout: l } = draw(80, 24, false);
    expect(l.panes['log']!.height - 1).toBeGreaterThanOrEqual(3);
    const lesson = draw(80, 24, true).layout;
    expect(lesson.panes['log']!.height - 1).toBeGreaterThanOrEqual(3);
  });
});

describe('the log pane', () => {
  it('a message longer than the pane shows its start (what happened), cut with …', () => {
    const log = new LogBuffer();
    log.push({ time: 0, level: 'info', text: AH00162 });
    const lines = logLines(log, 'Log', 60, 3).map(lineText);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d info AH00162: server seems busy, \(you may need/);
    expect(lines[2]).toMatch(/…$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
  });
});

describe('folded threads', () => {
  const letters = (line: string) => /\d+ (?:threads|idle)\s+([_SRWKDCLGI.]+)\s*$/.exec(line)?.[1] ?? '';

  it('a 25-thread process folded at 80 columns shows all 25 states', () => {
    const { rows } = workerLab(['WWW' + '_'.repeat(22)], 25);
    const view = layoutTree(rows, 80, 3); // too small for anything but folded rows
    expect(view.level).toBe(3);
    const fold = view.lines.map(lineText).find((l) => l.includes('25 threads'));
    expect(fold).toBeDefined();
    expect(letters(fold!)).toBe('WWW' + '_'.repeat(22));
    for (const l of view.lines) expect(lineText(l).length).toBeLessThanOrEqual(80);
  });

  it('more states than the line holds go on to the next line, none lost', () => {
    const { rows } = workerLab(['W'.repeat(10) + '_'.repeat(54)], 64);
    const lines = layoutTree(rows, 80, 40).lines.map(lineText);
    const at = lines.findIndex((l) => l.includes('54 idle'));
    expect(at).toBeGreaterThan(0);
    const all = letters(lines[at]!) + lines[at + 1]!.trim();
    expect(all).toBe('_'.repeat(54));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });
});
