// The commands a learner types first load no live view (blessed), no spinner (ora) and no
// engine: each command imports those in its action (bench/startup.ts measures the time).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOADED_MODULES_PRELOAD, loadedModules } from '../../bench/loaded-modules.ts';
import { ROOT } from '../support/lab-process.ts';

const HEAVY = [
  /\/node_modules\/blessed\//,
  /\/node_modules\/ora\//,
  /\/node_modules\/http-parser-js\//,
  /\/dist\/cli\/tui\//,
  /\/dist\/labs\/(child|prefork|threaded|worker|event|maintenance|operations|scoreboard|handlers|http)\//,
  /\/dist\/labs\/server\/(?!port-in-use|start-error|role-names)/, // the two error classes main() tells apart and the role names are small
  /\/dist\/labs\/models\.js$/,
];

function modulesLoadedBy(args: string[]): { code: number | null; stdout: string; modules: string[] } {
  const run = spawnSync(process.execPath, ['--import', LOADED_MODULES_PRELOAD, path.join(ROOT, 'bin/mpm-lab.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, XDG_STATE_HOME: path.join(os.tmpdir(), `mpm-lab-no-state-${process.pid}`) }, // no one's progress file
  });
  return { code: run.status, stdout: run.stdout, modules: loadedModules(run.stderr) };
}

describe('what the first commands load', () => {
  for (const args of [['--help'], ['run', '--help'], ['config', 'event'], ['lessons']]) {
    it(`mpm-lab ${args.join(' ')} loads neither blessed, ora, nor the engine`, () => {
      const { code, stdout, modules } = modulesLoadedBy(args);
      expect(code, stdout).toBe(0);
      // the hook sees the modules that are loaded: the program itself and commander
      expect(modules.some((m) => m.endsWith('/dist/cli/program.js'))).toBe(true);
      expect(modules.some((m) => m.includes('/node_modules/commander/'))).toBe(true);
      expect(modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
    });
  }

  it('the hook does see the engine when a command needs it (run, until its config error)', () => {
    // a bad value stops `run` after its modules loaded and before any process starts
    const { code, modules } = modulesLoadedBy(['run', 'worker', '--set', 'ThreadsPerChild=lots']);
    expect(code).toBe(2);
    expect(modules.some((m) => /\/dist\/labs\/models\.js$/.test(m))).toBe(true);
  });
});
