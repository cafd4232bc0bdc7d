// The flags a child process gets so that a SIGUSR1 before its first line opens no debugger.
import { describe, expect, it } from 'vitest';
import { debuggerGuardFlags } from '../../labs/runtime/debugger-guard.ts';
import { runtimeName } from '../../labs/runtime/runtime-name.ts';

const node = runtimeName() === 'node';

describe('debuggerGuardFlags', () => {
  it.runIf(node)("points a Node child's debugger at an address no machine has", () => {
    expect(debuggerGuardFlags([])).toEqual(['--inspect-port=192.0.2.1:9229']);
    expect(debuggerGuardFlags(['--cpu-prof', '--inspect-port=9300'])).toEqual(['--inspect-port=192.0.2.1:9229']);
  });

  it.runIf(node)("gives none when the child's own flags ask for a debugger (MPM_LAB_CHILD_ARGV)", () => {
    for (const flag of ['--inspect', '--inspect=127.0.0.1:9230', '--inspect-brk', '--inspect-wait=9231']) {
      expect(debuggerGuardFlags([flag])).toEqual([]);
    }
  });

  it.runIf(!node)('gives Bun and Deno children none (Deno would hand them to V8)', () => {
    expect(debuggerGuardFlags([])).toEqual([]);
  });
});
