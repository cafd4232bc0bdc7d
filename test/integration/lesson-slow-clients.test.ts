// Lesson 8 (slow clients) on a live lab, unattended in --plain: every claim checked against
// what the lab did (three R on event, prefork's 8 slots all reading, 408 after header=5).
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('mpm-lab lesson 8 --plain, unattended', () => {
  it('slow clients hold R on event and every prefork slot; RequestReadTimeout header=5 answers 408 and frees them', async () => {
    const r = await runLessonCli(['lesson', '8', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.replace(/\s+/g, ' ');
    expect(out).toMatch(/The scoreboard read `RRR_ ____`: 3 R\. mod_status printed `Scoreboard: [RW_.]+`/);
    expect(out).toMatch(/After [5-9] s and \d+ header lines each, 3 were still connected, 3 slots still in R, 0 answered/);
    expect(out).toMatch(/the scoreboard read `R R R R R R R R`: all 8 children reading slow requests/);
    expect(out).toMatch(/AH00161: server reached MaxRequestWorkers setting/);
    expect(out).toMatch(/The ordinary request waited \d{4} ms; it was answered \d+ ms after the first slow client finished/);
    expect(out).toMatch(/They got `408, 408, 408` after (\d{4}) to (\d{4}) ms/);
    expect(out).toMatch(/AH01382: Request header read timeout/);
    expect(out).toMatch(/scoreboard reads `____ ____`: the slots are back/);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(12);
    expect(r.stdout).not.toMatch(/FAILED/);
  });
});
