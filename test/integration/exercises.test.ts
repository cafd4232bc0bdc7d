// Classroom exercises for real: `mpm-lab verify N` runs each exercise's workload against a live
// lab made from a config file. Every instructor's answer passes and every starting config fails
// with the measured reason; `exercise N` writes the starting config and never overwrites one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../cli/exercise/catalog.ts';
import { ROOT, runCli } from '../support/lab-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-exercise-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fixture = (folder: string, file: string) => path.join(ROOT, 'fixtures', 'exercises', folder, file);

interface VerifyJson {
  exercise: number;
  passed: boolean;
  findings: string[];
  text: string[];
  facts: Record<string, number | string>;
  measured: { clients: number; answered: number; late: number; longestMs: number; peakProcesses: number; peakRssMb: number };
}

async function verify(n: number, file: string): Promise<{ code: number | null; json: VerifyJson }> {
  const r = await runCli(['verify', String(n), '--config', file, '--json'], { timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout) as VerifyJson };
}

describe('mpm-lab exercise and exercises', () => {
  it('lists every exercise with its goal', async () => {
    const r = await runCli(['exercises']);
    expect(r.code).toBe(0);
    for (const def of EXERCISES) expect(r.stdout).toMatch(new RegExp(`^  ${def.number}\\. .+\\n     .*\\d`, 'm'));
  });

  it('writes the starting httpd.conf into the current folder, says where, and refuses to overwrite it without --force', async () => {
    const first = await runCli(['exercise', '1'], { cwd: dir });
    const file = path.join(dir, 'httpd.conf');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Wrote the starting config to ${file}`);
    expect(first.stdout).toMatch(/Goal: 8 clients/);
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(fixture('01-slow-clients', 'start.conf'), 'utf8'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    fs.writeFileSync(file, '# my edits\n');
    const again = await runCli(['exercise', '2'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/httpd\.conf exists already.*--force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# my edits\n');

    const forced = await runCli(['exercise', '2', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(fixture('02-keep-alive', 'start.conf'), 'utf8'));
  });

  it("ships every exercise's files in the npm package", () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const { folder } of EXERCISES) {
      for (const file of ['exercise.md', 'start.conf', 'answer.conf']) expect(files).toContain(`fixtures/exercises/${folder}/${file}`);
    }
    expect(files).toContain('dist/lessons/exercise-check/verify-lab.js');
  });

  it('refuses an exercise that does not exist, and a missing config, with exit 2', async () => {
    const r = await runCli(['exercise', '99'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/there is no exercise "99"\. The exercises are 1, 2, 3, 4, 5/);
    const v = await runCli(['verify', '1', '--config', path.join(dir, 'nothing.conf')]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/nothing\.conf was not found.*mpm-lab exercise 1/);
  });
});

describe('mpm-lab verify: every starting config fails, every answer passes', () => {
  for (const def of EXERCISES) {
    it(`exercise ${def.number} (${def.folder}): the starting config fails with the measured reason`, async () => {
      const { code, json } = await verify(def.number, fixture(def.folder, 'start.conf'));
      expect(code).toBe(1);
      expect(json.passed).toBe(false);
      expect(json.exercise).toBe(def.number);
      expect(json.findings[0]).not.toBe('pass');
      expect(json.findings).not.toContain('unexplained');
      expect(json.text.length).toBe(json.findings.length);
      // the words carry this run's numbers
      expect(json.text.join(' ')).not.toMatch(/\{[a-zA-Z]+\}/);
      if (json.findings.includes('late')) {
        expect(json.measured.late).toBeGreaterThan(0);
        expect(json.text[0]).toContain(`${json.measured.late} of ${json.measured.clients}`);
        expect(json.measured.longestMs).toBeGreaterThan(def.goal.limitMs);
      }
      if (json.findings.includes('too-many-processes')) expect(json.measured.peakProcesses).toBeGreaterThan(def.goal.maxProcesses!);
    }, 70_000);

    it(`exercise ${def.number} (${def.folder}): the instructor's answer passes`, async () => {
      const { code, json } = await verify(def.number, fixture(def.folder, 'answer.conf'));
      expect(json.findings, json.text.join('\n')).toEqual(['pass']);
      expect(code).toBe(0);
      expect(json.measured.late).toBe(0);
      expect(json.measured.answered).toBe(json.measured.clients);
      expect(json.measured.longestMs).toBeLessThanOrEqual(def.goal.limitMs);
      if (def.goal.maxProcesses !== undefined) expect(json.measured.peakProcesses).toBeLessThanOrEqual(def.goal.maxProcesses);
      expect(json.measured.peakProcesses).toBeGreaterThan(0);
    }, 70_000);
  }

  it('says why in words, with the numbers measured (text mode, exercise 3: AH00318)', async () => {
    const r = await runCli(['verify', '3', '--config', fixture('03-server-limit', 'start.conf')], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/httpd would print: AH00318: WARNING: MaxRequestWorkers of 12 would require 3 servers/);
    expect(r.stdout).toMatch(/FAIL: 4 of 12 clients waited more than 2\.5 s \(the slowest \d+(\.\d)? s\)\. httpd changed MaxRequestWorkers 12 to 8/);
  }, 70_000);
});
