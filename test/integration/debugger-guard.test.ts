// SIGUSR1 is httpd's graceful restart, and nothing more: on no runtime does it open a debugger
// (Node and Deno would, on 127.0.0.1:9229, for anyone on the machine to attach to), in the
// lab's parent, in a child, or in a lesson, which is the parent of its labs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forkChild } from '../../labs/runtime/fork-child.ts';
import { sleep } from '../support/http.ts';
import { ROOT, startLab } from '../support/lab-process.ts';
import type { Runtime } from '../support/lab-process.ts';
import { startCli, tempStateHome } from '../support/lesson-cli.ts';
import { answerToDebuggerProbe, listenersOf, processTree } from '../support/listening-sockets.ts';
import type { Listener } from '../support/listening-sockets.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const runtime = (process.env.MPM_LAB_RUNTIME as Runtime) || 'node';
// Deno opens its debugger on 127.0.0.1:9229 only, and cannot be told not to: the lab keeps
// that port taken so that Deno's bind fails (labs/runtime/debugger-guard.ts).
const DENO_DEBUGGER_PORT = 9229;
// Deno arms its SIGUSR1 debugger 0.5 s after a process starts: signals go to older processes.
const ARMED_MS = 1000;

/** Every listener the processes under `root` had while watched for `ms` (sampled). */
async function listenersWhile(root: number, ms: number): Promise<Listener[]> {
  const seen = new Map<string, Listener>();
  const until = Date.now() + ms;
  do {
    for (const l of listenersOf(processTree(root))) seen.set(`${l.pid} ${l.address}:${l.port}`, l);
    await sleep(100);
  } while (Date.now() < until);
  return [...seen.values()];
}

/** Listeners that are not the lab's own ports; Deno's held debugger port must not be one. */
async function strayListeners(listeners: Listener[], labPorts: number[]): Promise<Listener[]> {
  const stray: Listener[] = [];
  for (const l of listeners) {
    if (labPorts.includes(l.port)) continue;
    if (runtime === 'deno' && l.port === DENO_DEBUGGER_PORT && l.address === '127.0.0.1') {
      // The guard's hold: it must serve nothing, least of all a debugger's JSON.
      expect(await answerToDebuggerProbe(l.port)).toBe('');
      continue;
    }
    stray.push(l);
  }
  return stray;
}

describe(`SIGUSR1 opens no debugger (${runtime})`, () => {
  for (const model of ['prefork', 'worker'] as const) {
    it(`${model}: the parent restarts gracefully; after it and a child got SIGUSR1, nothing but the lab's port listens`, async () => {
      const lab = await startLab(model, ['--set', 'StartServers=2']);
      try {
        const parent = Number(/\(parent pid (\d+)\)/.exec(lab.stdout.join('\n'))![1]);
        expect(await waitUntil(() => childrenOf(parent).length >= 2, 10_000)).toBe(true);
        await sleep(ARMED_MS);

        const before = childrenOf(parent);
        process.kill(parent, 'SIGUSR1');
        await lab.waitForLog(/AH00171: Graceful restart requested, doing restart/);
        expect(await waitUntil(() => childrenOf(parent).some((k) => !before.includes(k)), 10_000)).toBe(true);
        await sleep(ARMED_MS);
        // The first child of the new generation (started by the restart, as old as ARMED_MS).
        const child = childrenOf(parent).find((k) => !before.includes(k))!;
        process.kill(child, 'SIGUSR1');

        const listeners = await listenersWhile(lab.pid, 1500);
        // The check sees listeners at all: the lab's own port, held by its parent.
        expect(listeners).toContainEqual({ pid: parent, address: '127.0.0.1', port: lab.port });
        expect(await strayListeners(listeners, [lab.port])).toEqual([]);
        expect((await fetch(lab.url)).status).toBe(200);
        expect(lab.log.join('\n')).not.toMatch(/Debugger listening/);
        // What Deno prints instead is explained where the lab starts.
        const explained = /note: On SIGUSR1 Deno also opens a debugger .* "Failed to start inspector server"/.test(lab.stdout.join('\n'));
        expect(explained).toBe(runtime === 'deno');
      } finally {
        await lab.stop();
      }
    });
  }

  it('a lesson (the parent of its labs) opens none either', async () => {
    const run = startCli(['lesson', '3', '--plain'], { stateHome: tempStateHome() });
    try {
      // Step 2: its labs are up and busy with 8 slow requests.
      expect(await waitUntil(() => /Sending 8 requests of 3 s at once/.test(run.output()), 30_000, 50)).toBe(true);
      const labPorts = [...run.output().matchAll(/\[lab \w+: http:\/\/127\.0\.0\.1:(\d+)\//g)].map((m) => Number(m[1]));
      expect(labPorts.length).toBeGreaterThan(0);
      process.kill(run.child.pid!, 'SIGUSR1');

      const listeners = await listenersWhile(run.child.pid!, 1500);
      expect(listeners.map((l) => l.port)).toContain(labPorts.at(-1));
      expect(await strayListeners(listeners, labPorts)).toEqual([]);
      expect(run.output()).not.toMatch(/Debugger listening/);
    } finally {
      run.child.kill('SIGTERM');
      await run.done;
    }
  });
});

describe('a Node child signalled before its first line runs (forkChild)', () => {
  it("gets SIGUSR1 where no debugger can bind: nothing of it listens", async () => {
    const child = forkChild(new URL('../support/idle-child.mjs', import.meta.url), [], { ...process.env }, 'pipe');
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise((resolve) => child.on('spawn', resolve));
    await sleep(20); // Node has its SIGUSR1 debugger ready within a few ms; the module runs later
    child.kill('SIGUSR1');
    const listeners = await listenersWhile(child.pid!, 800);
    const signal = await exited;
    expect(listeners).toEqual([]);
    expect(stderr).not.toMatch(/Debugger listening/);
    // Node tried and could not bind (or the signal came before Node could hear it at all).
    expect(/failed: address not available/.test(stderr) || signal === 'SIGUSR1', stderr).toBe(true);
  });
});

describe('a debugger asked for with --inspect', () => {
  const withInspect: Partial<Record<Runtime, string[]>> = {
    node: [process.execPath, '--inspect=127.0.0.1:0', path.join(ROOT, 'bin/mpm-lab.js')],
    deno: [path.join(ROOT, 'node_modules/.bin/deno'), 'run', '-A', '--unsafe-proto', '--inspect=127.0.0.1:0', path.join(ROOT, 'cli/main.ts')],
  };
  it.skipIf(!withInspect[runtime])(`is left alone (${runtime})`, async () => {
    const lab = await startLab('prefork', [], { command: withInspect[runtime] });
    try {
      await sleep(500); // past the guard's last look
      const debuggers = listenersOf([lab.pid]).filter((l) => l.port !== lab.port && l.port !== DENO_DEBUGGER_PORT);
      expect(debuggers).toHaveLength(1);
      expect(await answerToDebuggerProbe(debuggers[0]!.port)).toMatch(/"Browser"/);
    } finally {
      await lab.stop();
    }
  });
});
