// The exercises' judgement, from measured facts: pure, no lab.
import { describe, expect, it } from 'vitest';
import { EXERCISES, findExercise } from '../../cli/exercise/catalog.ts';
import { readExerciseText } from '../../cli/exercise/exercise-files.ts';
import { parseExerciseMarkdown, verdictText } from '../../cli/exercise/exercise-text.ts';
import { FACT_NAMES, cause, demand, judge, possibleFindings } from '../../lessons/exercise-check/judge.ts';
import { countLate } from '../../lessons/exercise-check/run-workload.ts';
import type { JudgedConfig, Measured } from '../../lessons/exercise-check/types.ts';
import { placeholdersIn } from '../../cli/lesson/placeholders.ts';

const prefork = (over: Partial<JudgedConfig> = {}): JudgedConfig => ({
  model: 'prefork', maxRequestWorkers: 4, threadsPerChild: 1, startServers: 2, keepAlive: true, keepAliveTimeoutMs: 5000,
  requestReadTimeout: null, workersWarning: null, workersWritten: null, ...over,
});
const measured = (over: Partial<Measured> = {}): Measured => ({
  clients: 8, answered: 8, late: 0, longestMs: 1600, peakProcesses: 8, peakRssMb: 400, held: 0, heldAnswered408: 0, ...over,
});

describe('judge', () => {
  const one = findExercise(1)!;
  it('passes when every client was answered in time', () => {
    const v = judge(one, prefork({ maxRequestWorkers: 8, startServers: 8 }), measured());
    expect(v).toMatchObject({ passed: true, findings: ['pass'] });
    expect(v.facts).toMatchObject({ clients: 8, longestS: 1.6, limitS: 2.5 });
  });
  it('fails with the late count and the cause the settings give: MaxRequestWorkers below the clients', () => {
    const v = judge(one, prefork(), measured({ late: 4, answered: 8, longestMs: 3120 }));
    expect(v.passed).toBe(false);
    expect(v.findings).toEqual(['late', 'workers-below']);
    expect(v.facts).toMatchObject({ late: 4, clients: 8, longestS: 3.1, maxRequestWorkers: 4, demand: 8 });
  });
  it('names a correction httpd made before the arithmetic (AH00318)', () => {
    const three = findExercise(3)!;
    const config = prefork({ model: 'worker', threadsPerChild: 4, maxRequestWorkers: 8, workersWritten: 12, workersWarning: 'AH00318: WARNING: ...' });
    expect(judge(three, config, measured({ clients: 12, late: 4, longestMs: 3000 })).findings).toEqual(['late', 'corrected']);
  });
  it('enough workers but too few started: spawn-late; all in place and still late: unexplained', () => {
    expect(cause(one.workload, prefork({ maxRequestWorkers: 8, startServers: 2 }))).toBe('spawn-late');
    expect(cause(one.workload, prefork({ maxRequestWorkers: 8, startServers: 8 }))).toBe('unexplained');
  });
  it('keep-alive: event and KeepAlive Off need workers only for the new clients', () => {
    const two = findExercise(2)!;
    expect(demand(two.workload, prefork({ model: 'worker' }))).toBe(12);
    expect(demand(two.workload, prefork({ model: 'event' }))).toBe(4);
    expect(demand(two.workload, prefork({ model: 'worker', keepAlive: false }))).toBe(4);
    expect(cause(two.workload, prefork({ model: 'worker', maxRequestWorkers: 8 }))).toBe('keep-alive-holds');
  });
  it('a process budget and a kept ThreadsPerChild fail even when every client was in time', () => {
    const four = findExercise(4)!;
    expect(judge(four, prefork({ maxRequestWorkers: 8, startServers: 8 }), measured({ peakProcesses: 8 })).findings).toEqual(['too-many-processes']);
    expect(judge(four, prefork({ model: 'worker', maxRequestWorkers: 8, threadsPerChild: 4 }), measured({ peakProcesses: 2 })).passed).toBe(true);
    const three = findExercise(3)!;
    expect(judge(three, prefork({ maxRequestWorkers: 12 }), measured({ clients: 12 })).findings).toEqual(['threads-per-child']);
  });
  it('slow headers: without RequestReadTimeout the cause is the trickle; with one too long, the timeout', () => {
    const five = findExercise(5)!;
    expect(cause(five.workload, prefork())).toBe('slow-headers-hold');
    expect(cause(five.workload, prefork({ requestReadTimeout: 'header=20' }))).toBe('read-timeout-long');
  });
});

describe('the capstone mix', () => {
  const mix = { workload: { kind: 'mixed' as const, keepAlive: 20, slow: 4, lines: 8, everyMs: 500, clients: 16, ms: 1000 }, goal: { limitMs: 2500, maxProcesses: 2 } };
  it('keep-alive clients need a worker on worker, not on event', () => {
    expect(demand(mix.workload, prefork({ model: 'worker' }))).toBe(40);
    expect(demand(mix.workload, prefork({ model: 'event' }))).toBe(20);
  });
  it('names keep-alive as the cause when the rest would fit, too few workers otherwise', () => {
    expect(cause(mix.workload, prefork({ model: 'worker', maxRequestWorkers: 20, threadsPerChild: 10 }))).toBe('keep-alive-holds');
    expect(cause(mix.workload, prefork({ model: 'worker', maxRequestWorkers: 8, threadsPerChild: 4 }))).toBe('workers-below');
    expect(cause(mix.workload, prefork({ model: 'event', maxRequestWorkers: 32, threadsPerChild: 16 }))).toBe('unexplained');
  });
});

describe('countLate', () => {
  it('counts failed and slow answers as late, and the longest of all', () => {
    expect(countLate([{ ok: true, latencyMs: 100 }, { ok: true, latencyMs: 3000 }, { ok: false, latencyMs: 500 }], 2500)).toEqual({ answered: 2, late: 2, longestMs: 3000 });
  });
});

describe("the exercises' Markdown", () => {
  for (const def of EXERCISES) {
    it(`exercise ${def.number}: title, goal, hints and a section for every finding, with known facts only`, () => {
      const text = readExerciseText(def);
      expect(text.problems).toEqual([]);
      expect(text.goal).toMatch(/\d/);
      expect(text.hints.length).toBeGreaterThan(0);
      for (const id of possibleFindings(def)) {
        const section = text.sections.get(id === 'pass' ? 'pass' : `fail ${id}`);
        expect(section, `${def.folder}: ${id}`).toBeTruthy();
        for (const name of placeholdersIn(section!)) expect(FACT_NAMES, `${def.folder} ${id}: {${name}}`).toContain(name);
      }
    });
  }
  it('fills a verdict from the facts, one paragraph a finding', () => {
    const text = parseExerciseMarkdown('# T\ngoal: g 1\n\n## pass\nok {clients}\n## fail late\n{late} of\n{clients} late\n');
    expect(verdictText(text, ['late'], { late: 3, clients: 30 })).toEqual(['3 of 30 late']);
    expect(parseExerciseMarkdown('# T\n## fail\n').problems.length).toBeGreaterThan(0);
  });
});
