// `mpm-lab watch URL` against a real Apache httpd (Debian's apache2, started here on
// 127.0.0.1 with a minimal config) and against the lab itself: the screen shows the server's
// scoreboard and the pids that /proc has.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_APACHE, HAVE_TMUX } from '../support/tools.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';
import { PROMPT, screenProcesses, screenScoreboard, Tmux } from './tmux.ts';

const AVAILABLE = HAVE_TMUX() && HAVE_APACHE();

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let dir = '';
let port = 0;
let httpd: ChildProcess | null = null;
const opened: Tmux[] = [];

beforeAll(async () => {
  if (!AVAILABLE) return;
  if (!fs.existsSync(APACHE)) throw new Error(`${APACHE} is missing: apt-get install -y apache2`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-watch-'));
  fs.chmodSync(dir, 0o755);
  port = await freePort();
  const asRoot = process.getuid?.() === 0;
  fs.writeFileSync(
    path.join(dir, 'httpd.conf'),
    [
      `ServerRoot ${dir}`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      `LoadModule mpm_prefork_module ${MODULES}/mod_mpm_prefork.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule status_module ${MODULES}/mod_status.so`,
      'ExtendedStatus On',
      '<Location /server-status>\n  SetHandler server-status\n</Location>',
      ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
      'StartServers 3',
      'MinSpareServers 1', // the watcher's own request leaves 2 idle: no spawning, a steady set of pids
      'MaxSpareServers 5',
      '',
    ].join('\n'),
  );
  // Its own process group: prefork's parent signals its whole group (killpg) when it stops.
  httpd = spawn(APACHE, ['-f', path.join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore', detached: true });
  const parent = httpd.pid!;
  const up = await waitUntil(() => childrenOf(parent).length >= 3, 15_000);
  if (!up) throw new Error(`apache2 did not start its children:\n${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
});

afterAll(async () => {
  if (!AVAILABLE) return;
  for (const t of opened) t.kill();
  if (httpd?.pid) {
    const kids = childrenOf(httpd.pid);
    httpd.kill('SIGTERM');
    await waitUntil(() => !isAlive(httpd!.pid!) && kids.every((k) => !isAlive(k)), 10_000);
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function watch(url: string): Promise<Tmux> {
  const tmux = new Tmux();
  opened.push(tmux);
  tmux.start(80, 24);
  tmux.type(Tmux.mpmLab(`watch ${url}`));
  await tmux.waitFor((s) => s.includes('Scoreboard  BusyWorkers'), 15_000, 'the watch screen');
  return tmux;
}

/** The screen shows the parent and exactly the children /proc has, and a scoreboard cell each. */
function showsServer(screen: string, parent: number): boolean {
  const kids = childrenOf(parent);
  const pids = screenProcesses(screen).filter((p) => p.mark !== '-' && p.mark !== '!').map((p) => p.pid).sort((a, b) => a - b);
  return kids.length > 0 && JSON.stringify(pids) === JSON.stringify([parent, ...kids].sort((a, b) => a - b));
}

describe.runIf(AVAILABLE)('watch', () => {
  it("a real Apache httpd: its scoreboard, mod_status' counts, and its pids as pgrep -P has them", async () => {
    const parent = httpd!.pid!;
    const tmux = await watch(`http://127.0.0.1:${port}/server-status`);
    const screen = await tmux.waitFor((s) => showsServer(s, parent), 15_000, "apache2's processes");
    const pgrep = execFileSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' }).trim().split('\n').map(Number);
    const shown = screenProcesses(screen);
    for (const pid of pgrep) expect(shown.find((p) => p.pid === pid)).toMatchObject({ name: 'apache2' });
    expect(shown.find((p) => p.pid === parent)).toMatchObject({ name: 'apache2', status: '-' });
    // prefork: a cell per process slot (MaxRequestWorkers, 256), one letter per child
    const cells = screenScoreboard(screen);
    expect(cells).toMatch(/^[_SRWKDCLGI.]{256}$/);
    expect(cells.replace(/\./g, '').length).toBe(pgrep.length);
    expect(screen).toMatch(/BusyWorkers [1-9]\d* {2}IdleWorkers \d+/); // the watcher's own request is busy
    expect(screen).toMatch(/prefork MPM/);
    expect(screen).toMatch(/Apache\/2\.4\.\d+/);
    tmux.keys('q');
    await tmux.waitFor((s) => s.trimEnd().endsWith(PROMPT.trim()), 10_000, 'the prompt');
    expect(tmux.alternateScreen()).toBe(false);
  });

  it('--once prints the same view as text', async () => {
    const r = await runCli(['watch', `127.0.0.1:${port}`, '--once']);
    expect(r.code).toBe(0);
    for (const kid of childrenOf(httpd!.pid!)) expect(r.stdout).toMatch(new RegExp(`^ +${kid} +${kid} apache2 `, 'm'));
    expect(r.stdout).toMatch(/^Scoreboard {2}BusyWorkers \d+ {2}IdleWorkers \d+/m);
    expect(r.stdout).toContain('"_" Waiting for Connection'.slice(4));
  });

  it("the lab's own /server-status reads the same way", async () => {
    const lab = await startLab('worker', ['--config', 'fixtures/worker-small.conf']);
    try {
      expect(await waitUntil(() => childrenOf(lab.pid).length === 2, 15_000)).toBe(true);
      const tmux = await watch(`${lab.url}server-status`);
      const screen = await tmux.waitFor((s) => showsServer(s, lab.pid), 15_000, "the lab's processes");
      expect(screen).toMatch(/worker MPM/);
      expect(screenScoreboard(screen)).toMatch(/^[_SRWK.]{16}$/);
      tmux.keys('q');
      await tmux.waitFor((s) => s.trimEnd().endsWith(PROMPT.trim()), 10_000, 'the prompt');
    } finally {
      await lab.stop();
    }
  });

  it('says what is wrong with a URL, and exits 2', async () => {
    const r = await runCli(['watch', 'ftp://127.0.0.1/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mpm-lab: watch reads http or https status pages/);
  });
});
