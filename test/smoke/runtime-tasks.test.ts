// The ways the README gives to run the lab's sources on Bun and on Deno from a checkout:
// `deno task lab ...` (deno.json) and `bun run lab:bun ...` (package.json). Both use the
// runtimes the devDependencies installed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/lab-process.ts';

function run(command: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command.join(' ')} took longer than ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

const TASKS = {
  deno: [path.join(ROOT, 'node_modules/.bin/deno'), 'task', 'lab'],
  bun: [path.join(ROOT, 'node_modules/.bin/bun'), 'run', 'lab:bun'],
};

describe('the lab through deno task and a bun script', () => {
  for (const [runtime, task] of Object.entries(TASKS)) {
    it(`${task.slice(1).join(' ')} config event: the settings, on ${runtime}`, async () => {
      const result = await run([...task, 'config', 'event', '--set', 'ThreadsPerChild=4', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { config: { model: string; ThreadsPerChild: number } };
      expect(doc.config).toMatchObject({ model: 'event', ThreadsPerChild: 4 });
    });

    it(`${task.slice(1).join(' ')} doctor: the runtime is ${runtime}`, async () => {
      const result = await run([...task, 'doctor', '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { runtime: { name: string } }).runtime.name).toBe(runtime);
    });

    it(`${task.slice(1).join(' ')} with a bad value: the error line and exit code 2 come through`, async () => {
      const result = await run([...task, 'config', 'worker', '--set', 'ThreadsPerChild=lots']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/ThreadsPerChild/);
    });
  }
});
