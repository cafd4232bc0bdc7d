// Progress across processes: `lessons` and `progress` read what `lesson` wrote, a lesson
// resumes where it was left, --reset starts it over, a bad progress file is one clear error.
// Also: `lessons --check` as CI runs it, and the lessons' Markdown ships in the package.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/manifest.ts';
import { ROOT } from '../support/lab-process.ts';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';

const homes: string[] = [];
function home(progress?: unknown): string {
  const dir = tempStateHome();
  homes.push(dir);
  if (progress !== undefined) {
    fs.mkdirSync(path.join(dir, 'mpm-lab'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'mpm-lab', 'progress.json'), typeof progress === 'string' ? progress : JSON.stringify(progress), { mode: 0o600 });
  }
  return dir;
}
afterEach(() => {
  for (const dir of homes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const AT_STEP_3 = { version: 1, lessons: { '1': { step: 3, steps: 3, done: false, startedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:01:00.000Z' } } };

describe('progress', () => {
  it('with none yet, the list says where to start, and `mpm-lab` alone shows it too', async () => {
    const state = home();
    const list = await runLessonCli(['lessons'], { stateHome: state });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ 1 {2}Processes, and who answers\s+not started/);
    expect(list.stdout).toMatch(/ 3 {2}worker: processes x threads, and shared fate\s+not started/);
    expect(list.stdout).toMatch(/Start here: mpm-lab lesson 1/);
    const bare = await runLessonCli([], { stateHome: state });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/Start here: mpm-lab lesson 1/);
    // listing never creates the state folder
    expect(fs.existsSync(path.join(state, 'mpm-lab'))).toBe(false);
  });

  it('a started lesson shows its step, resumes there, and --reset starts it over', async () => {
    const state = home(AT_STEP_3);
    const list = await runLessonCli(['lessons'], { stateHome: state });
    expect(list.stdout).toMatch(/Processes, and who answers\s+started, at step 3\/3/);
    expect(list.stdout).toMatch(/Next: mpm-lab lesson 1/);

    const resumed = await runLessonCli(['lesson', '1', '--plain'], { stateHome: state });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming at step 3/);
    expect(resumed.stdout).not.toMatch(/Step 1\/3/);
    expect(resumed.stdout).toMatch(/Step 3\/3: A child dies/);
    const after = JSON.parse((await runLessonCli(['progress', '--json'], { stateHome: state })).stdout);
    expect(after.lessons[0]).toMatchObject({ number: 1, status: 'done', step: 3, steps: 3, startedAt: '2026-12-01T10:00:00.000Z' });
    expect(after.lessons[1]).toMatchObject({ number: 2, status: 'new', step: 0, startedAt: null });
    expect(after.next).toBe(2);

    const again = await runLessonCli(['lesson', '1', '--plain', '--reset'], { stateHome: state });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Resuming/);
    expect(again.stdout).toMatch(/Step 1\/3: The parent and its children/);
    const reset = JSON.parse((await runLessonCli(['progress', '--json'], { stateHome: state })).stdout);
    expect(reset.lessons[0].startedAt).not.toBe('2026-12-01T10:00:00.000Z');
  });

  it('a progress file that does not read is one clear error, exit 2, no lab started', async () => {
    const state = home('{ not json');
    for (const args of [['progress'], ['lesson', '1', '--plain']]) {
      const r = await runLessonCli(args, { stateHome: state });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/progress\.json is not a progress file mpm-lab can read/);
      expect(r.stderr).toMatch(/rm .*progress\.json/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).not.toMatch(/\[lab /);
    }
  });

  it('refuses to write through a state folder that is a link', async () => {
    const state = home();
    const elsewhere = home();
    fs.symlinkSync(elsewhere, path.join(state, 'mpm-lab'));
    const r = await runLessonCli(['lesson', '1', '--plain', '--reset'], { stateHome: state });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a folder of yours/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('an unknown lesson says which there are, exit 2', async () => {
    const r = await runLessonCli(['lesson', '99'], { stateHome: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`there is no lesson "99". The lessons are ${LESSONS.map((l) => l.number).join(', ')}.`);
  });
});

describe('lessons --check, and the package', () => {
  it('every lesson is well-formed (exit 0), as CI checks it', async () => {
    const r = await runLessonCli(['lessons', '--check'], { stateHome: home() });
    expect(r.code).toBe(0);
    for (const l of LESSONS) expect(r.stdout).toMatch(new RegExp(`^ok {3}lesson ${l.number}: `, 'm'));
  });

  it("ships every lesson's Markdown and steps in the npm package", () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const { folder } of LESSONS) {
      expect(files).toContain(`lessons/${folder}/lesson.md`);
      expect(files).toContain(`dist/lessons/${folder}/steps.js`);
    }
    expect(files).toContain('dist/lessons/manifest.js');
  });
});
