// A child's options (token and config) come only as the parent's first IPC message. A child
// started without a parent, or whose parent never sends them, says so and exits 2 rather
// than serve or wait for ever.
import { fork, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { preforkHooks } from '../../labs/prefork/hooks.ts';
import { ROOT } from '../support/lab-process.ts';

// The compiled module the parent forks for prefork (Node runs dist/).
const childJs = path.join(ROOT, 'dist/labs/prefork', path.basename(fileURLToPath(preforkHooks.childModule)).replace(/\.ts$/, '.js'));

describe('a child without its options', () => {
  it('started by hand (no IPC channel): one message, exit 2', () => {
    const r = spawnSync(process.execPath, [childJs, 'prefork', '0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/started by the lab's parent process, not by hand/);
    expect(r.stderr).toMatch(/mpm-lab run MODEL/);
  });

  it('forked but never sent them: says so after 10 s and exits 2', async () => {
    const started = Date.now();
    const child = fork(childJs, ['prefork', '0'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    const took = Date.now() - started;
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`child pid ${child.pid} got no options from the lab's parent within 10 s`));
    expect(took).toBeGreaterThanOrEqual(9_500);
    expect(took).toBeLessThan(30_000);
  }, 40_000);
});
