import { describe, expect, it } from 'vitest';
import { preforkMaintenance } from '../../labs/maintenance/prefork.ts';
import { freshRetained } from '../../labs/maintenance/types.ts';
import type { Retained } from '../../labs/maintenance/types.ts';
import { makeSnapshot } from '../support/snapshot.ts';

const limits = { daemonsLimit: 64, minSpareServers: 64, maxSpareServers: 64 };

/** Runs maintenance cycle after cycle with every child busy, spawning where it says. */
function busyCycles(cycles: number, start = 0, lim = limits) {
  const rows = Array.from({ length: lim.daemonsLimit }, (_, i) => (i < start ? 'W' : ''));
  let retained: Retained = freshRetained();
  const spawned: number[] = [];
  const logs: string[] = [];
  for (let c = 0; c < cycles; c++) {
    const d = preforkMaintenance(makeSnapshot('prefork', rows), lim, retained);
    retained = d.retained;
    spawned.push(d.spawn.length);
    logs.push(...d.logs.map((l) => `${l.code} ${l.text}`));
    for (const slot of d.spawn) rows[slot] = 'W'; // they start, and are busy at once
  }
  return { spawned, logs, retained, rows };
}

describe('prefork maintenance (prefork.c perform_idle_server_maintenance)', () => {
  it('spawns 1, 2, 4, 8, 16, 32 children per cycle while idle < MinSpareServers, never more than 32', () => {
    const { spawned } = busyCycles(7, 0, { daemonsLimit: 256, minSpareServers: 256, maxSpareServers: 300 });
    expect(spawned).toEqual([1, 2, 4, 8, 16, 32, 32]);
  });

  it('says "server seems busy" once the rate reaches 8, with the counts', () => {
    const { logs } = busyCycles(5, 0, { daemonsLimit: 256, minSpareServers: 256, maxSpareServers: 300 });
    const busy = logs.filter((l) => l.startsWith('AH00162'));
    expect(busy).toHaveLength(2); // cycles 4 (rate 8) and 5 (rate 16)
    expect(busy[0]).toBe(
      'AH00162 server seems busy, (you may need to increase StartServers, or Min/MaxSpareServers), spawning 8 children, there are 0 idle, and 7 total children',
    );
  });

  it('uses the lowest free slots first', () => {
    const sb = makeSnapshot('prefork', ['W', '', 'W', '', '', 'W']);
    const d = preforkMaintenance(sb, { daemonsLimit: 6, minSpareServers: 2, maxSpareServers: 4 }, { ...freshRetained(), idleSpawnRate: 2 });
    expect(d.spawn).toEqual([1, 3]);
    expect(d.retained.idleSpawnRate).toBe(4);
  });

  it('counts a starting child (S) as idle, so it does not fork more while children start', () => {
    const sb = makeSnapshot('prefork', ['S', 'S', '', '']);
    const d = preforkMaintenance(sb, { daemonsLimit: 4, minSpareServers: 2, maxSpareServers: 4 }, freshRetained());
    expect(d.spawn).toEqual([]);
    expect(d.idle).toBe(2);
  });

  it('stops exactly one idle child per cycle while idle > MaxSpareServers', () => {
    const rows = ['_', '_', '_', '_', '_', '_', '_', '_'];
    let retained = freshRetained();
    const stopped: (number | null)[] = [];
    for (let c = 0; c < 6; c++) {
      const d = preforkMaintenance(makeSnapshot('prefork', rows), { daemonsLimit: 8, minSpareServers: 2, maxSpareServers: 4 }, retained);
      retained = d.retained;
      stopped.push(d.stop);
      expect(d.spawn).toEqual([]);
      if (d.stop !== null) rows[d.stop] = '';
    }
    // 8 idle -> 7 -> 6 -> 5 -> 4, then it stops stopping
    expect(stopped).toEqual([7, 6, 5, 4, null, null]);
  });

  it('never exceeds MaxRequestWorkers: reports it once, resets the rate', () => {
    const { spawned, logs, rows } = busyCycles(6, 0, { daemonsLimit: 8, minSpareServers: 2, maxSpareServers: 4 });
    expect(spawned).toEqual([1, 2, 4, 1, 0, 0]);
    expect(rows.filter((r) => r !== '')).toHaveLength(8);
    expect(logs.filter((l) => l.startsWith('AH00161'))).toEqual([
      'AH00161 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
    ]);
  });

  it('resets the spawn rate to 1 after a cycle that needs nothing', () => {
    const sb = makeSnapshot('prefork', ['_', '_', '_', 'W']);
    const d = preforkMaintenance(sb, { daemonsLimit: 4, minSpareServers: 2, maxSpareServers: 4 }, { ...freshRetained(), idleSpawnRate: 16 });
    expect(d.retained.idleSpawnRate).toBe(1);
    expect(d.spawn).toEqual([]);
    expect(d.stop).toBeNull();
  });

  it('does not count gracefully finishing or old-generation children as idle', () => {
    const sb = makeSnapshot('prefork', ['G', '_', '_', ''], { quiescing: [1] });
    const d = preforkMaintenance(sb, { daemonsLimit: 4, minSpareServers: 2, maxSpareServers: 4 }, freshRetained());
    expect(d.idle).toBe(1);
    expect(d.spawn).toEqual([3]);
  });
});
