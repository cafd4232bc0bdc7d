// The package as a learner gets it: `npm pack`, installed offline into an empty folder, and
// run from there on Node (npx), Bun (bunx --bun) and Deno (the compiled files: Deno refuses
// TypeScript under node_modules), with the Deno permissions the README names.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../support/http.ts';
import { ROOT, runCli, startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { isAlive, waitUntil } from '../support/proc.ts';

// The README's list ("Runtimes"): what `run --headless` needs on Deno. ps, status and the
// live view read /proc/PID, which Deno opens only with --allow-all (-A); --unsafe-proto is
// for the live view (blessed) only.
const DENO_PERMISSIONS = ['--allow-read', '--allow-write', '--allow-net=127.0.0.1', '--allow-env', '--allow-run', '--allow-sys=uid'];
const BIN = path.join(ROOT, 'node_modules/.bin');

interface Ran {
  code: number | null;
  output: string;
}

/** Runs a command to its end (bounded), with its stdout and stderr together. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} took longer than ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

/**
 * The project a learner would have after `npm install ./mpm-lab-X.tgz`: package.json and a
 * lockfile that pins mpm-lab's dependencies to this checkout's lockfile. npm's cache after
 * `npm ci` holds their tarballs but not the registry's documents that resolve a version
 * range, so without a lockfile `npm install --offline` stops with ENOTCACHED.
 */
function writeProject(dir: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean } & Record<string, unknown>> };
  const self = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { dependencies: { 'mpm-lab': `file:${tarball}` } },
    'node_modules/mpm-lab': { version: self.version, resolved: `file:${tarball}`, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  for (const [where, entry] of Object.entries(lock.packages)) if (where !== '' && !entry.dev) packages[where] = entry;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'learner', private: true, dependencies: { 'mpm-lab': `file:${tarball}` } }, null, 2));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'learner', lockfileVersion: 3, requires: true, packages }, null, 2));
}

describe('the npm package, installed offline into an empty folder', () => {
  let dir = '';
  let files: string[] = [];
  let size = 0;
  let install: Ran = { code: null, output: '' };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-package-'));
    // `npm test` has just built dist/; --ignore-scripts keeps the prepack build from rewriting
    // dist/ under the feet of the other tests.
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
    expect(packed.code, packed.output).toBe(0);
    const info = JSON.parse(packed.output.slice(packed.output.indexOf('['))) as { filename: string; size: number; files: { path: string }[] }[];
    files = info[0]!.files.map((f) => f.path);
    size = info[0]!.size;
    writeProject(dir, info[0]!.filename);
    install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${info[0]!.filename}`], dir);
  }, 180_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the compiled program, the bin, the fixtures, README and LICENSE, and nothing else', () => {
    for (const needed of ['bin/mpm-lab.js', 'dist/cli/main.js', 'dist/labs/server/parent.js', 'fixtures/event-small.conf', 'README.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => /^(dist\/(test|bench)\/|test\/|cli\/|labs\/|bench\/|node_modules\/)/.test(f) || f.endsWith('.ts'))).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'node_modules/mpm-lab/LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the mpm-lab authors\n/);
    expect(size).toBeLessThan(1_000_000);
  });

  it('installs with no script to run and no allowScripts warning', () => {
    expect(install.code, install.output).toBe(0);
    expect(install.output).not.toMatch(/install-scripts|allowScripts/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/mpm-lab/package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[script]).toBeUndefined();
  });

  const runtimes = {
    node: ['npx', '--offline', 'mpm-lab'],
    bun: [path.join(BIN, 'bunx'), '--bun', 'mpm-lab'],
    deno: [path.join(BIN, 'deno'), 'run', ...DENO_PERMISSIONS, 'node_modules/.bin/mpm-lab'],
  } as const;
  const psCommand = { ...runtimes, deno: [path.join(BIN, 'deno'), 'run', '-A', 'node_modules/.bin/mpm-lab'] } as const;

  for (const [runtime, command] of Object.entries(runtimes) as [keyof typeof runtimes, readonly string[]][]) {
    it(`runs event on ${runtime} from the installed package: a child serves, ps sees it, SIGTERM stops everything`, async () => {
      let lab: RunningLab | undefined;
      let served = 0;
      let parent = 0;
      try {
        lab = await startLab('event', [], { command: [...command], cwd: dir });
        // the parent names the runtime it runs on: this is the one asked for
        const listening = await lab.waitForLog(/Listening on http:\/\/127\.0\.0\.1:\d+\/ \(parent pid \d+, \w+\)/);
        expect(listening).toContain(`, ${runtime})`);
        parent = Number(/parent pid (\d+)/.exec(listening)![1]);
        const reply = await get(lab.url);
        expect(reply.status).toBe(200);
        served = reply.servedBy!.pid;
        expect(isAlive(served)).toBe(true);
        const ps = await runCli(['ps', '--port', String(lab.port), '--json'], { command: [...psCommand[runtime]], cwd: dir });
        expect(ps.code, ps.stderr).toBe(0);
        expect(ps.stdout).toContain(String(served));
      } finally {
        const exit = await lab?.stop();
        // npx (npm exec) dies of the SIGTERM without passing it on; the lab sees that the
        // process that started it has gone and stops by itself (checked below)
        if (lab && runtime !== 'node') expect(exit?.code).toBe(0);
      }
      expect(await waitUntil(() => !isAlive(served) && !isAlive(parent), 10_000)).toBe(true);
      expect(lab!.log.join('\n')).toMatch(/AH00169: caught SIGTERM, shutting down/);
    });
  }

  it('says what is wrong with a bad value, exit code 2, from the installed package', async () => {
    const result = await runCli(['config', 'event', '--set', 'ThreadsPerChild=lots'], { command: [...runtimes.node], cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ThreadsPerChild/);
  });

  it.runIf(fs.existsSync(path.join(ROOT, 'lessons/manifest.ts')))('lists the lessons and shows lesson 1 as text, from the installed package', async () => {
    const list = await runCli(['lessons'], { command: [...runtimes.node], cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\b1\b/);
    const lesson = await runCli(['lesson', '1', '--plain'], { command: [...runtimes.node], cwd: dir, timeoutMs: 60_000 });
    expect(lesson.code, lesson.stderr).toBe(0);
    expect(lesson.stdout.length).toBeGreaterThan(200);
  });
});
