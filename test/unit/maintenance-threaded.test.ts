import { describe, expect, it } from 'vitest';
import { threadedMaintenance } from '../../labs/maintenance/threaded.ts';
import { freshRetained } from '../../labs/maintenance/types.ts';
import { makeSnapshot } from '../support/snapshot.ts';

// The classroom settings: ServerLimit 4, ThreadsPerChild 4, MaxRequestWorkers 16,
// MinSpareThreads 4, MaxSpareThreads 8.
const limits = { daemonsLimit: 4, threadsPerChild: 4, maxWorkers: 16, minSpareThreads: 4, maxSpareThreads: 8 };

describe('worker/event maintenance (worker.c perform_idle_server_maintenance)', () => {
  it('counts idle threads, not processes, and starts a whole child when below MinSpareThreads', () => {
    const sb = makeSnapshot('worker', ['WW_W', 'WWWW', '', ''], { threadsPerChild: 4 });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.idle).toBe(1);
    expect(d.spawn).toEqual([2]);
    expect(d.retained.idleSpawnRate).toBe(2);
  });

  it('doubles the number of children per cycle: 1, 2, 4 ... up to 32', () => {
    const rows = Array.from({ length: 64 }, () => '');
    let retained = freshRetained();
    const spawned: number[] = [];
    for (let c = 0; c < 7; c++) {
      const d = threadedMaintenance(makeSnapshot('worker', rows, { threadsPerChild: 2 }), { daemonsLimit: 64, threadsPerChild: 2, maxWorkers: 128, minSpareThreads: 1000, maxSpareThreads: 2000 }, retained);
      retained = d.retained;
      spawned.push(d.spawn.length);
      for (const s of d.spawn) rows[s] = 'WW';
    }
    expect(spawned).toEqual([1, 2, 4, 8, 16, 32, 1]);
  });

  it('stops one whole child per cycle while idle threads > MaxSpareThreads', () => {
    const sb = makeSnapshot('worker', ['____', '____', '____', ''], { threadsPerChild: 4 });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.idle).toBe(12);
    expect(d.stop).toBe(2);
    expect(d.spawn).toEqual([]);
  });

  it('reports reaching MaxRequestWorkers once when every thread is busy and no slot is free', () => {
    const sb = makeSnapshot('worker', ['WWWW', 'WWWW', 'WWWW', 'WWWW'], { threadsPerChild: 4 });
    const first = threadedMaintenance(sb, limits, freshRetained());
    const second = threadedMaintenance(sb, limits, first.retained);
    expect(first.logs.map((l) => l.code)).toEqual(['AH00286']);
    expect(first.logs[0]!.text).toBe('server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting');
    expect(second.logs).toEqual([]);
  });

  it('warns when within MinSpareThreads of MaxRequestWorkers', () => {
    const sb = makeSnapshot('worker', ['WWWW', 'WWWW', 'WWWW', 'WW__'], { threadsPerChild: 4 });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.logs.map((l) => l.code)).toEqual(['AH00287']);
  });

  it('a live child whose threads have not written their slots yet counts them idle, as httpd (status <= SERVER_READY): no extra child while it starts', () => {
    const sb = makeSnapshot('worker', ['__..', '....', '', ''], { threadsPerChild: 4 });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.idle).toBe(8);
    expect(d.spawn).toEqual([]);
    expect(d.stop).toBeNull();
  });

  it('event: a process that stopped accepting (above its connection limit) is left out of the idle count, so another starts', () => {
    const sb = makeSnapshot('event', ['____', '', '', ''], { threadsPerChild: 4, notAccepting: [0] });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.idle).toBe(0);
    expect(d.spawn).toEqual([1]);
  });

  it('event says the same under the numbers of event.c: AH00484, AH10159, AH03490, AH00486', () => {
    const full = makeSnapshot('event', ['WWWW', 'WWWW', 'WWWW', 'WWWW'], { threadsPerChild: 4 });
    expect(threadedMaintenance(full, limits, freshRetained()).logs.map((l) => `${l.code} ${l.text}`)).toEqual([
      'AH00484 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
    ]);
    const near = makeSnapshot('event', ['WWWW', 'WWWW', 'WWWW', 'WW__'], { threadsPerChild: 4 });
    expect(threadedMaintenance(near, limits, freshRetained()).logs.map((l) => l.code)).toEqual(['AH10159']);
    // no free slot below MaxRequestWorkers: ServerLimit 2 of 4 children's worth
    const noSlot = makeSnapshot('event', ['WWWW', 'WWW_'], { threadsPerChild: 4 });
    expect(threadedMaintenance(noSlot, { ...limits, daemonsLimit: 2 }, freshRetained()).logs.map((l) => `${l.code} ${l.text}`)).toEqual([
      'AH03490 scoreboard is full, not at MaxRequestWorkers.Increase ServerLimit.',
    ]);
    const rows = Array.from({ length: 32 }, (_, i) => (i < 2 ? 'WW' : ''));
    const busy = threadedMaintenance(makeSnapshot('event', rows, { threadsPerChild: 2 }), { daemonsLimit: 32, threadsPerChild: 2, maxWorkers: 64, minSpareThreads: 100, maxSpareThreads: 200 }, { ...freshRetained(), idleSpawnRate: 8 });
    expect(busy.logs.map((l) => `${l.code} ${l.text}`)).toEqual([
      'AH00486 server seems busy, (you may need to increase StartServers, ThreadsPerChild or Min/MaxSpareThreads), spawning 8 children, there are around 0 idle threads, 2 active children, and 2 children that are shutting down',
    ]);
  });

  it('a quiescing process leaves its slot free for a new child (back of the bus)', () => {
    const sb = makeSnapshot('worker', ['WWWW', 'G.G.', 'WWWW', 'WWWW'], { threadsPerChild: 4, quiescing: [1] });
    const d = threadedMaintenance(sb, limits, freshRetained());
    expect(d.spawn).toEqual([1]);
  });
});
