// The scoreboard, log, traffic and header models: mod_status' grid and key, BusyWorkers and
// IdleWorkers, event's parked connections; httpd's log lines whole; the traffic chart.
import { describe, expect, it } from 'vitest';
import { headerLine, labHeader } from '../../cli/tui/header-model.ts';
import { lineText, width } from '../../cli/tui/line.ts';
import { LogBuffer, logLines, wrap } from '../../cli/tui/log-model.ts';
import { MarkTracker } from '../../cli/tui/marks.ts';
import { scoreboardFromSnapshot, scoreboardFromStatus, scoreboardHeight, scoreboardLines } from '../../cli/tui/scoreboard-model.ts';
import { trafficLines } from '../../cli/tui/traffic-model.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const texts = (lines: ReturnType<typeof scoreboardLines>) => lines.map(lineText);

describe('scoreboard pane', () => {
  it("counts and cells as mod_status prints them, from the lab's scoreboard", () => {
    const m = scoreboardFromSnapshot(makeSnapshot('worker', ['W_K_', '____', ''], { threadsPerChild: 4 }));
    expect(m).toMatchObject({ cells: 'W_K_____....', busy: 2, idle: 6, graceful: 0, async: null });
    const lines = texts(scoreboardLines(m, 80, 10));
    expect(lines[0]).toMatch(/^Scoreboard {2}BusyWorkers 2 {2}IdleWorkers 6 {2}GracefulWorkers 0 +$/);
    expect(lines[1]).toBe('W_K_____....');
    expect(lines.slice(2).join(' ')).toContain('K Keepalive (read)'); // mod_status' own words when there is room
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
  });

  it('event: the parked keep-alive connections', () => {
    const s = makeSnapshot('event', ['____', '____'], { threadsPerChild: 4 });
    s.processes[0]!.keepAlive = 5;
    s.processes[0]!.connections = 6;
    s.processes[1]!.keepAlive = 2;
    s.processes[1]!.connections = 2;
    const lines = texts(scoreboardLines(scoreboardFromSnapshot(s), 80, 10));
    expect(lines[1]).toMatch(/^Connections 8: keep-alive parked 7, closing 0, writing 0/);
  });

  it('64 cells a line; short of room, trailing open slots are summed up and the key is short', () => {
    const m = scoreboardFromStatus(parseStatusAuto(`BusyWorkers: 1\nIdleWorkers: 3\nScoreboard: _W__${'.'.repeat(252)}\n`));
    expect(m.graceful).toBeNull(); // httpd before 2.4.58 does not say
    const roomy = texts(scoreboardLines(m, 80, 20));
    expect(roomy.slice(1, 5)).toEqual([`_W__${'.'.repeat(60)}`, '.'.repeat(64), '.'.repeat(64), '.'.repeat(64)]);
    const h = scoreboardHeight(m, 80);
    expect(h.min).toBeLessThan(h.want);
    const tight = texts(scoreboardLines(m, 80, h.min));
    expect(tight).toHaveLength(h.min);
    expect(tight[1]).toBe(`_W__${'.'.repeat(60)}`);
    expect(tight[2]).toMatch(/^\.\.\. 192 more open slots \(\.\)/);
    expect(tight.slice(3).join(' ')).toContain('K keepalive');
  });
});

describe('log pane', () => {
  it('wraps at spaces and shows whole entries, newest last', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const log = new LogBuffer(3);
    for (let i = 0; i < 5; i++) log.push({ time: 0, level: 'notice', text: `AH0000${i}: line ${i}` });
    expect(log.items).toHaveLength(3);
    log.pushEntry({ time: 0, module: 'mpm_worker', level: 'error', pid: 1, code: 'AH00286', text: 'server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting' });
    const lines = logLines(log, 'Log', 80, 4).map(lineText);
    expect(lines[0]).toMatch(/^Log +$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d notice AH00004: line 4$/);
    expect(lines[2]).toMatch(/^\d\d:\d\d:\d\d error AH00286: server reached MaxRequestWorkers setting, consider$/);
    expect(lines[3]).toMatch(/^ {15}raising the MaxRequestWorkers setting$/);
    // an entry that does not fit whole is left out, older ones with it
    expect(logLines(log, 'Log', 80, 3).map(lineText).slice(1)).toEqual([lines[2], lines[3]]);
  });
});

describe('traffic pane', () => {
  it("a chart of completions per second, failures, percentiles, and the last action, in 80 columns", () => {
    let now = 100_000;
    const rec = new TrafficRecorder({ now: () => now });
    const t = rec.start();
    t.progress({ sent: 10, done: 5, ok: 4 });
    now += 1000;
    t.progress({ sent: 10, done: 10, ok: 9 });
    t.finish([...Array.from({ length: 9 }, (_, i) => ({ ok: true, latencyMs: i + 1 })), { ok: false, latencyMs: 3, error: 'ECONNRESET' }]);
    now += 1000;
    const lines = trafficLines(rec, { concurrency: 8, held: 2, action: { text: 'crash: pid 7 died', failed: false } }, 80, 4).map(lineText);
    for (const l of lines) expect(width(l)).toBe(80);
    expect(lines[0]).toMatch(/^Traffic sent from here {2}concurrency 8 {2}in flight 0 {2}keep-alive held 2/);
    expect(lines[1]).toMatch(/^req\/s +▇█ +5 +failed +▂ +1 +$/);
    expect(lines[2]).toMatch(/^last 10 s: 9 ok, 1 failed \(ECONNRESET 1\) {2}p50 5\.0 p90 9\.0 p99 9\.0 ms/);
    expect(lines[3]).toMatch(/^» crash: pid 7 died/);
  });
});

describe('header', () => {
  it('says as much as fits, the state on the right', () => {
    const o = { model: 'worker', url: 'http://127.0.0.1:8080/', pid: 123, generation: 0, processes: 3, threads: 41 };
    expect(labHeader(o, 200)).toBe('mpm-lab worker on http://127.0.0.1:8080/  parent pid 123  generation 0  3 processes, 41 threads');
    expect(labHeader(o, 70).length).toBeLessThan(70);
    expect(lineText(headerLine('left', 'running', 20))).toBe(' left       running ');
  });
});

describe('marks', () => {
  it('new for a moment, then plain; a pid that vanished is "exited" unless the lab said crashed', () => {
    const m = new MarkTracker(1000);
    const p = (pid: number) => ({ pid, slot: pid - 10, comm: `c${pid}`, threads: 1, rssBytes: 1 });
    m.observe([p(10), p(11)], 0);
    expect(m.markOf(10)).toBeUndefined(); // the first look marks nothing unless asked
    m.observe([p(10), p(12)], 100);
    expect(m.markOf(12)?.kind).toBe('new');
    expect(m.markOf(11)?.kind).toBe('exited');
    expect(m.gone().map((g) => g.seen.comm)).toEqual(['c11']);
    m.exited(10, true, 'Aborted (6)', 200);
    m.observe([p(12)], 200);
    expect(m.gone().map((g) => [g.seen.pid, g.mark.kind, g.mark.why])).toEqual([
      [10, 'crashed', 'Aborted (6)'],
      [11, 'exited', undefined],
    ]);
    expect(m.nextExpiry()).toBe(1100);
    m.expire(1300);
    expect(m.gone()).toEqual([]);
    expect(m.markOf(12)).toBeUndefined();
    const first = new MarkTracker(1000, true);
    first.observe([p(10)], 0);
    expect(first.markOf(10)?.kind).toBe('new');
  });
});
