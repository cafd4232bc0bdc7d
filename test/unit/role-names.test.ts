// Names and generations as ps and mod_status show them: the pure parts (the lab's own runs are
// in test/integration/process-names.test.ts and graceful-like-httpd.test.ts).
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { buildPsDocument } from '../../cli/plain/ps-model.ts';
import { renderPs } from '../../cli/plain/ps-text.ts';
import { rowsFromPs } from '../../cli/tui/tree-model.ts';
import { parseArgArea } from '../../labs/proc/parse.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import { configGeneration } from '../../labs/status/generation.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const lab = (model: LabRecord['model']): LabRecord => ({
  pid: 900, model, host: '127.0.0.1', port: 8080, url: 'http://127.0.0.1:8080/', startedAt: 0, scoreboard: '/x', tokenFile: '/x', runtime: 'node',
});
const proc = (pid: number, ppid: number, comm: string, threads: [number, string][] = []): ProcInfo => ({
  pid, ppid, comm, title: comm, state: 'S', rssBytes: 1 << 20, startTime: 0,
  threads: [[pid, comm] as [number, string], ...threads].map(([tid, c]) => ({ tid, comm: c, state: 'S' })),
});

describe('a child forked a moment ago', () => {
  it("is shown by its role while the kernel still calls it by the parent's name (before exec)", () => {
    const snapshot = makeSnapshot('prefork', ['_', 'S']); // slot 1: pid 1001, just forked
    const doc = buildPsDocument(lab('prefork'), snapshot, [proc(900, 1, 'mpm-parent'), proc(1000, 900, 'prefork-0'), proc(1001, 900, 'mpm-parent')]);
    expect(doc.processes.map((p) => p.comm)).toEqual(['mpm-parent', 'prefork-0', 'prefork-1']);
    const rows = rowsFromPs(doc, null, snapshot);
    expect(rows.find((r) => r.pid === 1001)).toMatchObject({ name: 'prefork-1', status: 'S', busy: false });
    expect(renderPs(doc, new Chalk({ level: 0 }))).toMatch(/1001 +900 +1001 prefork-1 /);
  });

  it('worker and event: a listener thread is listener-N, and a process the table does not list keeps its own name', () => {
    const snapshot = makeSnapshot('event', ['____'], { threadsPerChild: 4 });
    const doc = buildPsDocument(lab('event'), snapshot, [proc(900, 1, 'mpm-parent'), proc(1000, 900, 'mpm-parent'), proc(1234, 900, 'mpm-parent')]);
    expect(doc.processes.map((p) => `${p.role}:${p.comm}`)).toEqual(['parent:mpm-parent', 'child:listener-0', 'other:mpm-parent']);
  });
});

describe('a leaving child in the tree and in ps', () => {
  const leaving = (model: 'worker' | 'event', letters: string) => {
    const snapshot = makeSnapshot(model, [letters], { threadsPerChild: 4, quiescing: [0] });
    snapshot.slots[0]!.forEach((s, t) => (s.tid = 2000 + t));
    const threads = [0, 1, 2, 3].map((t) => [2000 + t, `worker-0.${t}`] as [number, string]);
    const doc = buildPsDocument(lab(model), snapshot, [proc(900, 1, 'mpm-parent'), proc(1000, 900, 'listener-0', threads)]);
    return { row: rowsFromPs(doc, null, snapshot).find((r) => r.pid === 1000)!, text: renderPs(doc, new Chalk({ level: 0 })) };
  };

  it('event: its threads are G, and so is its listener', () => {
    const { row, text } = leaving('event', 'GG..');
    expect(row).toMatchObject({ status: 'G', mark: 'leaving' });
    expect(text).toMatch(/listener-0 +G /);
  });

  it('worker: its busy threads keep their state (W, K), and its listener shows no G', () => {
    const { row, text } = leaving('worker', 'WK..');
    expect(row).toMatchObject({ status: '-', mark: 'leaving' });
    expect(text).toMatch(/listener-0 +- /);
    expect(text).not.toMatch(/ G /);
  });
});

describe('generations and the argument area', () => {
  it('httpd counts configurations read from 1 and MPM generations from 0', () => {
    expect([0, 1, 5].map(configGeneration)).toEqual([1, 2, 6]);
  });

  it('reads arg_start and arg_end (fields 48 and 49) of /proc/PID/stat, comm with spaces and parentheses included', () => {
    const fields = Array.from({ length: 52 - 2 }, (_, i) => String(i + 3)); // fields 3..52
    fields[48 - 3] = '140723000000000';
    fields[49 - 3] = '140723000000060';
    expect(parseArgArea(`4242 (a) b (c) ${fields.join(' ')}\n`)).toEqual({ start: 140723000000000, end: 140723000000060 });
    fields[49 - 3] = '0'; // another process's, read without the right to trace it
    expect(parseArgArea(`4242 (x) ${fields.join(' ')}`)).toBeNull();
  });
});
