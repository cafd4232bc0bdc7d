// A real terminal for the UI tests: a private tmux server (its own socket name, no user
// config), one window with a plain shell, keys sent and the screen read back. Never touches
// the user's tmux; kill() ends the server and everything in it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { labCommand, ROOT } from '../support/lab-process.ts';
import { childrenOf } from '../support/proc.ts';

let servers = 0;
export const PROMPT = 'tui-test$ ';

export class Tmux {
  readonly socket = `mpmlab-test-${process.pid}-${++servers}`;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** A shell in a cols x rows terminal, in the project folder, with a known prompt. */
  start(cols = 80, rows = 24, env: Record<string, string> = {}): void {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` before the tui tests');
    const vars = { LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env };
    this.tmux('new-session', '-d', '-x', String(cols), '-y', String(rows), '-c', ROOT, ...Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]), 'bash --norc --noprofile');
    this.tmux('set-option', '-g', 'status', 'off'); // the whole window is the terminal
    this.type(`PS1='${PROMPT}'; clear`);
  }

  /** The mpm-lab command line, as the tests run it (the built program under Node). */
  static mpmLab(args: string): string {
    return `${labCommand().map((a) => `'${a}'`).join(' ')} ${args}`;
  }

  type(line: string): void {
    this.tmux('send-keys', '-l', line);
    this.tmux('send-keys', 'Enter');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []));
  }

  lines(): string[] {
    return this.screen().replace(/\n+$/, '').split('\n');
  }

  alternateScreen(): boolean {
    return this.tmux('display', '-p', '#{alternate_on}').trim() === '1';
  }

  panePid(): number {
    return Number(this.tmux('display', '-p', '#{pane_pid}').trim());
  }

  /** The program the shell runs now (the lab's parent, for `mpm-lab run`). */
  foreground(): number | undefined {
    return childrenOf(this.panePid())[0];
  }

  async waitFor(check: (screen: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    const until = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < until) {
      screen = this.screen();
      if (check(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    screen = this.screen();
    if (check(screen)) return screen;
    throw new Error(`${what}: not on screen within ${timeoutMs} ms. The screen:\n${screen}`);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

export interface ScreenProcess {
  mark: string;
  pid: number;
  tid: number;
  name: string;
  threads: number | null;
  status: string;
}

export interface ScreenThread {
  tid: number;
  name: string;
  status: string;
}

/** Column spans of the tree, from its heading ("PID [PPID] TID NAME THR ST RSS REQUEST AGE"). */
function treeColumns(lines: string[]): { at: number; col: (line: string, name: string) => string } | null {
  const at = lines.findIndex((l) => / PID .* TID NAME /.test(l));
  if (at < 0) return null;
  const h = lines[at]!;
  const start = (label: string) => h.indexOf(` ${label} `) + 1;
  const end = (label: string) => start(label) + label.length;
  const hasPpid = h.includes(' PPID ');
  const spans: Record<string, [number, number]> = {
    mark: [0, 1],
    pid: [1, end('PID')],
    tid: [hasPpid ? end('PPID') : end('PID'), end('TID')],
    name: [start('NAME'), start('THR') - 1],
    thr: [start('THR'), end('THR')],
    st: [start('ST'), start('ST') + 2],
  };
  return { at, col: (line, name) => line.slice(spans[name]![0], spans[name]![1]).trim() };
}

/** Process rows of the tree (a PID and a TID), read by the heading's columns. */
export function screenProcesses(screen: string): ScreenProcess[] {
  const lines = screen.split('\n');
  const t = treeColumns(lines);
  if (!t) return [];
  const out: ScreenProcess[] = [];
  for (const line of lines.slice(t.at + 1)) {
    if (line.startsWith('Scoreboard  ')) break;
    const pid = t.col(line, 'pid');
    if (!/^\d+$/.test(pid)) continue;
    const thr = t.col(line, 'thr');
    out.push({ mark: line[0] ?? ' ', pid: Number(pid), tid: Number(t.col(line, 'tid')), name: t.col(line, 'name'), threads: thr ? Number(thr) : null, status: t.col(line, 'st') });
  }
  return out;
}

/** Thread rows of the tree: no PID, a TID, an indented name. */
export function screenThreads(screen: string): ScreenThread[] {
  const lines = screen.split('\n');
  const t = treeColumns(lines);
  if (!t) return [];
  const out: ScreenThread[] = [];
  for (const line of lines.slice(t.at + 1)) {
    if (line.startsWith('Scoreboard  ')) break;
    const tid = t.col(line, 'tid');
    if (t.col(line, 'pid') !== '' || !/^\d+$/.test(tid)) continue;
    out.push({ tid: Number(tid), name: t.col(line, 'name'), status: t.col(line, 'st') });
  }
  return out;
}

/** The scoreboard grid line(s) under the "Scoreboard" title. */
export function screenScoreboard(screen: string): string {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Scoreboard  BusyWorkers'));
  if (at < 0) return '';
  let cells = '';
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('Connections ')) continue;
    if (!/^[_SRWKDCLGI.]+$/.test(l.trimEnd())) break;
    cells += l.trimEnd();
  }
  return cells;
}
