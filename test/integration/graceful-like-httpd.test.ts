// A graceful restart as httpd 2.4.71 shows it, with the same settings (2 processes x 4
// threads, MaxRequestWorkers 16, fixtures/*-small.conf). Measured on Debian's apache2 with 8
// slow requests in flight, 0.7 s after SIGUSR1:
//   event   Scoreboard: GGGGGGGGW___....   (event.c close_listeners marks every thread G)
//   worker  Scoreboard: WWWWWWWW....___W   (worker.c leaves a busy thread as it is)
// and ParentServerConfigGeneration 1 -> 2, ParentServerMPMGeneration 0 -> 1, "Srv 0-0" for a
// first child and "N-1" for a child of the new generation. BusyWorkers: 1 (the status request:
// leaving processes are not counted), GracefulWorkers: 0. Nothing is lost on either model.
// The lab is read from 0.7 s on, for as long as the requests are in flight: a status request
// waits until a child of the new generation serves it, which takes longer on a slow runtime.
import { describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get, settleAll, sleep } from '../support/http.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';

// Long enough that the new generation is serving while they are still in flight, even on a
// runtime that starts its children slowly on a loaded machine (Deno: a few seconds).
const SLOW_MS = 6000;

async function statusAuto(lab: RunningLab) {
  return parseStatusAuto((await get(lab.url + 'server-status?auto')).body);
}

/** "Srv" cells of the ExtendedStatus table: process slot - generation, e.g. 0-0. */
async function srvCells(lab: RunningLab): Promise<string[]> {
  const html = (await get(lab.url + 'server-status')).body;
  return [...html.matchAll(/<tr><td><b>(\d+-\d+)<\/b><\/td>/g)].map((m) => m[1]!);
}

const EXPECTED = {
  event: { oldBusy: 'GGGGGGGG', httpd: 'GGGGGGGGW___....' },
  worker: { oldBusy: 'WWWWWWWW', httpd: 'WWWWWWWW....___W' },
} as const;

for (const model of ['worker', 'event'] as const) {
  describe(`${model}: graceful restart as httpd shows it`, () => {
    it(`8 slow requests in flight: the old busy threads read ${EXPECTED[model].oldBusy}, the generations count as httpd's`, async () => {
      const lab = await startLab(model, ['--config', `fixtures/${model}-small.conf`]);
      try {
        // Two children of 4 threads, all started (the status request itself is one W).
        expect(await waitUntil(async () => /^[_W]{8}/.test((await statusAuto(lab)).scoreboard), 15_000)).toBe(true);
        const start = await statusAuto(lab);
        expect(start.fields.ParentServerConfigGeneration).toBe('1');
        expect(start.fields.ParentServerMPMGeneration).toBe('0');
        // The table lists the slots that have served or serve now: each of generation 0.
        const firstSrv = await srvCells(lab);
        expect(firstSrv.length).toBeGreaterThanOrEqual(1);
        expect(firstSrv.every((s) => /^[01]-0$/.test(s)), firstSrv.join(' ')).toBe(true);
        expect((await get(lab.url + 'server-status')).body).toContain('<dt>Parent Server Config. Generation: 1</dt>');

        const old = childrenOf(lab.pid);
        const slow = Array.from({ length: 8 }, () => get(lab.url + `sleep?ms=${SLOW_MS}`));
        // All 8 on the two first children; maintenance starts a third for the spare threads,
        // which serves the status requests (as httpd's did: WWWWWWWW__W_....).
        let before = '';
        const busy = await waitUntil(async () => {
          before = (await statusAuto(lab)).scoreboard;
          return before.startsWith('WWWWWWWW') && before.slice(8).includes('_');
        }, 3000);
        expect(busy, before).toBe(true);

        const signalled = Date.now();
        process.kill(lab.pid, 'SIGUSR1');
        await lab.waitForLog(/AH00171: Graceful restart requested, doing restart/);
        await sleep(Math.max(0, 700 - (Date.now() - signalled)));
        // From then on while the requests are in flight (a status request waits until a child of
        // the new generation serves it), the old busy threads show the model's letter.
        const boards: string[] = [];
        let settled = false;
        void Promise.allSettled(slow).then(() => (settled = true));
        const first = await statusAuto(lab);
        expect(settled).toBe(false);
        boards.push(first.scoreboard);
        expect(first.fields.ParentServerConfigGeneration).toBe('2');
        expect(first.fields.ParentServerMPMGeneration).toBe('1');
        expect(first.busyWorkers).toBe(1);
        expect(first.gracefulWorkers).toBe(0);
        while (Date.now() - signalled < 3000) {
          await sleep(150);
          const board = (await statusAuto(lab)).scoreboard;
          if (!settled) boards.push(board);
        }
        for (const board of boards) {
          expect(board.slice(0, 8), boards.join(' ')).toBe(EXPECTED[model].oldBusy);
          expect(board.slice(8), boards.join(' ')).toMatch(/^[_SRW.]+$/);
          expect(board.slice(8), boards.join(' ')).toMatch(/_/);
        }
        // The old busy slots are still generation 0; the new children's, 1 (httpd: 0-0 ... 3-1).
        const srv = await srvCells(lab);
        expect(srv.filter((s) => /^[01]-0$/.test(s)), srv.join(' ')).toHaveLength(8);
        expect(srv.filter((s) => /^[2-3]-1$/.test(s)).length, srv.join(' ')).toBeGreaterThanOrEqual(1);

        const { ok, failed } = await settleAll(slow);
        expect(failed).toEqual([]);
        expect(ok.every((r) => r.status === 200 && old.includes(r.servedBy!.pid))).toBe(true);
        // The old processes leave once their requests are done; their slots open (.).
        expect(await waitUntil(() => old.every((p) => !isAlive(p)), 5000)).toBe(true);
        const after = await statusAuto(lab);
        expect(after.scoreboard).not.toMatch(/[GW]{2}/);
        expect(after.fields.ParentServerConfigGeneration).toBe('2');
      } finally {
        await lab.stop();
      }
    });
  });
}
