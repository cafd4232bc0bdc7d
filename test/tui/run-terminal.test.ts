// The terminal is given back however the UI ends (q, Ctrl-C, SIGTERM), and no process of
// the lab outlives it; NO_COLOR means no colour escapes at all; a resize lays the panes out
// again.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HAVE_TMUX } from '../support/tools.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';
import { PROMPT, Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX();

const opened: Tmux[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.kill()));
afterAll(() => opened.forEach((t) => t.kill()));

async function openLab(model: string, prefix = '', cols = 80, rows = 24): Promise<{ tmux: Tmux; pid: number; kids: number[] }> {
  const tmux = new Tmux();
  opened.push(tmux);
  tmux.start(cols, rows);
  tmux.type(`${prefix}${Tmux.mpmLab(`run ${model} --port 0 --config fixtures/${model}-small.conf`)}`);
  await tmux.waitFor((s) => s.includes('Scoreboard  BusyWorkers'), 20_000, 'the dashboard');
  const pid = tmux.foreground()!;
  expect(await waitUntil(() => childrenOf(pid).length === 2, 20_000)).toBe(true);
  expect(tmux.alternateScreen()).toBe(true);
  return { tmux, pid, kids: childrenOf(pid) };
}

/**
 * The normal screen is back, the shell answers, and nothing of the lab is left in /proc.
 * Returns the screen, and the lab's exit status as the shell saw it.
 */
async function restored(tmux: Tmux, pid: number, kids: number[]): Promise<{ screen: string; status: number }> {
  expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 15_000)).toBe(true);
  const screen = await tmux.waitFor((s) => s.trimEnd().endsWith(PROMPT.trim()), 10_000, 'the shell prompt');
  expect(tmux.alternateScreen()).toBe(false);
  tmux.type('echo "back $((40 + 2)) status=$?"');
  const answer = await tmux.waitFor((s) => /back 42 status=\d+/.test(s), 5000, 'the shell answering');
  return { screen, status: Number(/back 42 status=(\d+)/.exec(answer)![1]) };
}

describe.runIf(AVAILABLE)('run: the terminal is restored, and nothing is left behind', () => {
  it('q: the normal screen and the prompt come back, the lab says it stopped, no process remains', async () => {
    const { tmux, pid, kids } = await openLab('worker');
    tmux.keys('q');
    const { screen, status } = await restored(tmux, pid, kids);
    expect(status).toBe(0);
    expect(screen).toContain(`mpm-lab: stopping the worker lab (parent pid ${pid})...`);
    expect(screen).toMatch(/^\[\d\d:\d\d:\d\d\] \[notice\] AH00169: caught SIGTERM, shutting down$/m);
  });

  it('Ctrl-C does the same', async () => {
    const { tmux, pid, kids } = await openLab('prefork');
    tmux.keys('C-c');
    await restored(tmux, pid, kids);
  });

  it('an internal error in the parent: the terminal is restored, the error shown, the lab stopped', async () => {
    const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'throw-later.mjs');
    const { tmux, pid, kids } = await openLab('worker', `NODE_OPTIONS='--import ${preload}' MPM_LAB_TEST_THROW_AFTER_MS=2500 `);
    const { screen, status } = await restored(tmux, pid, kids);
    expect(screen).toMatch(/^mpm-lab: internal error in the parent: Error: an internal error/m);
    expect(status).toBe(70);
  });

  it('SIGTERM to the parent (as `mpm-lab ctl stop` sends) restores the terminal too', async () => {
    const { tmux, pid, kids } = await openLab('event');
    process.kill(pid, 'SIGTERM');
    await restored(tmux, pid, kids);
  });
});

describe.runIf(AVAILABLE)('run: when the terminal itself goes away', () => {
  it('closing the window (SIGHUP) stops the lab: no process of it remains', async () => {
    const { tmux, pid, kids } = await openLab('worker');
    tmux.kill();
    expect(await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 15_000)).toBe(true);
  });
});

describe.runIf(AVAILABLE)('run: colour and size', () => {
  // SGR parameters that set a colour: 30-38, 40-48, 90-97, 100-107 (39 and 49 only reset)
  const colourCodes = (escaped: string) =>
    [...escaped.matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => m[1]!.split(';')).filter((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p));

  it('NO_COLOR: not one colour escape on screen; without it, the states are coloured', async () => {
    const mono = await openLab('worker', 'NO_COLOR=1 ');
    mono.tmux.keys('s'); // busy slots, which are coloured when colour is on
    const screen = await mono.tmux.waitFor((s) => /BusyWorkers [1-9]/.test(s), 10_000, 'busy slots');
    expect(screen).toMatch(/W/);
    expect(colourCodes(mono.tmux.screen(true))).toEqual([]);
    mono.tmux.keys('q');
    await restored(mono.tmux, mono.pid, mono.kids);

    const colour = await openLab('worker');
    colour.tmux.keys('s');
    await colour.tmux.waitFor((s) => /BusyWorkers [1-9]/.test(s), 10_000, 'busy slots');
    expect(colourCodes(colour.tmux.screen(true)).length).toBeGreaterThan(0);
    colour.tmux.keys('q');
    await restored(colour.tmux, colour.pid, colour.kids);
  });

  it('adapts to a resize: side by side when wide, stacked again at 80x24', async () => {
    const { tmux, pid, kids } = await openLab('worker');
    tmux.keys('C-l');
    const stacked = tmux.lines();
    expect(stacked.findIndex((l) => l.startsWith('Scoreboard  BusyWorkers'))).toBeGreaterThan(3);
    execResize(tmux, 140, 30);
    const wide = await tmux.waitFor((s) => /PID +TID NAME.* Scoreboard {2}BusyWorkers/.test(s.split('\n')[1] ?? ''), 5000, 'the wide layout');
    expect(wide.split('\n').every((l) => [...l].length <= 140)).toBe(true);
    execResize(tmux, 80, 24);
    await tmux.waitFor((s) => s.split('\n').some((l) => l.startsWith('Scoreboard  BusyWorkers')) && !/AGE Scoreboard/.test(s), 5000, 'the stacked layout again');
    expect(tmux.lines().at(-1)).toMatch(/q quit/);
    tmux.keys('q');
    await restored(tmux, pid, kids);
  });

  it('? shows the help with every key; Esc closes it; p pauses the view', async () => {
    const { tmux, pid, kids } = await openLab('prefork');
    tmux.keys('?');
    const help = await tmux.waitFor((s) => s.includes('Help   ? or Esc closes'), 5000, 'the help');
    for (const key of ['f ', 's ', 'k ', '+ =', '- _']) expect(help).toContain(`  ${key}`);
    tmux.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down');
    const further = await tmux.waitFor((s) => s.includes('  q Ctrl-C'), 5000, 'the rest of the help, scrolled');
    for (const key of ['b ', 'x ', 'g ', 'p space', '? ', 'Ctrl-L', 'q Ctrl-C']) expect(further).toContain(`  ${key}`);
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Help   ? or Esc closes'), 5000, 'the help closing');
    tmux.keys('p');
    await tmux.waitFor((s) => s.includes('PAUSED (p resumes)'), 5000, 'paused');
    tmux.keys('p');
    await tmux.waitFor((s) => !s.includes('PAUSED') && /running/.test(s), 5000, 'resumed');
    tmux.keys('q');
    await restored(tmux, pid, kids);
  });
});

function execResize(tmux: Tmux, cols: number, rows: number): void {
  (tmux as unknown as { tmux(...a: string[]): string }).tmux('resize-window', '-x', String(cols), '-y', String(rows));
}
