// Reads a watched server for the screen: its status page on a poll, and, when it runs on this
// machine, its processes and threads from /proc. Says what it noticed, for the log pane.
import { readTree } from '../../labs/proc/read-tree.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import { commonParent, findServerRoot } from '../../labs/watch/find-server.ts';
import { pollStatus } from '../../labs/watch/poll-status.ts';
import type { StatusUrl } from '../../labs/watch/status-url.ts';
import type { WatchReading } from '../../labs/watch/types.ts';

export interface WatchState {
  reading: WatchReading | null;
  procs: ProcInfo[] | null; // the server's tree, parent first; null when not visible
  error: string | null; // the last poll failed
  at: number; // when the last poll ended
}

export class WatchReader {
  state: WatchState = { reading: null, procs: null, error: null, at: 0 };
  version = 0;
  private root: number | null = null;
  private poller: { stop(): void } | null = null;
  private said = new Set<string>();

  constructor(
    private readonly url: StatusUrl,
    private readonly intervalMs: number,
    private readonly note: (text: string, warn?: boolean) => void,
  ) {}

  private once(key: string, text: string, warn = false): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.note(text, warn);
  }

  start(): void {
    this.note(`reading ${this.url.auto} and the ExtendedStatus table every ${this.intervalMs / 1000} s`);
    this.poller = pollStatus(this.url, this.intervalMs, {
      reading: (r) => this.onReading(r),
      error: (message, at) => {
        this.state = { ...this.state, error: message, at };
        this.said.delete('ok');
        this.once(`error:${message}`, message, true);
        this.version++;
      },
    });
  }

  private onReading(r: WatchReading): void {
    this.said.forEach((k) => k.startsWith('error:') && this.said.delete(k));
    const f = r.status.fields;
    this.once('server', `${f['ServerVersion'] ?? 'a server'} with the ${r.status.serverMPM ?? '?'} MPM; ${r.status.scoreboard.length} scoreboard cells`);
    if (!r.extended) this.once('noext', r.htmlError ? `the HTML page did not read (${r.htmlError}): no per-request columns` : 'no ExtendedStatus table on the page: the request columns stay empty (ExtendedStatus On fills them)', true);
    const procs = this.url.loopback ? this.readProcs(r) : null;
    if (!this.url.loopback) this.once('remote', `${this.url.host} is another machine: processes come from the ExtendedStatus table only (no /proc)`);
    this.state = { reading: r, procs, error: null, at: Date.now() };
    this.version++;
  }

  private readProcs(r: WatchReading): ProcInfo[] | null {
    if (this.root !== null) {
      const tree = readTree(this.root);
      if (tree.length) return tree;
      this.note(`the server's parent (pid ${this.root}) has gone`, true);
      this.root = null;
    }
    const pids = [...new Set(r.slots.map((s) => s.pid).filter((p) => p > 0))];
    this.root = findServerRoot(this.url.port) ?? commonParent(pids);
    if (this.root === null) {
      this.once('noproc', `cannot see which processes listen on port ${this.url.port} (another user's?): processes come from the ExtendedStatus table only`, true);
      return null;
    }
    const tree = readTree(this.root);
    this.note(`processes from /proc: parent pid ${this.root} (${tree[0]?.comm ?? '?'}) and ${Math.max(0, tree.length - 1)} children`);
    return tree.length ? tree : null;
  }

  stop(): void {
    this.poller?.stop();
    this.poller = null;
  }
}
