// Reads a watched server for the screen: its status page on a poll, and, when it runs on this
// machine, its processes and threads from /proc. Says what it noticed, for the log pane.
import { readTree } from '../../labs/proc/read-tree.ts';
import type { ProcInfo } from '../../labs/proc/types.ts';
import { commonParent, findServerRoot } from '../../labs/watch/find-server.ts';
import { pollStatus } from '../../labs/watch/poll-status.ts';
import type { StatusUrl } from '../../labs/watch/status-url.ts';
import type { WatchReading } from '../../labs/watch/types.ts';
import { STRINGS as S } from './strings.ts';

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
    this.note(S.watchReading(this.url.auto, this.intervalMs / 1000));
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
    this.once('server', S.watchServer(f['ServerVersion'], r.status.serverMPM, r.status.scoreboard.length));
    if (!r.extended) this.once('noext', r.htmlError ? S.watchHtmlError(r.htmlError) : S.watchNoExtended, true);
    const procs = this.url.loopback ? this.readProcs(r) : null;
    if (!this.url.loopback) this.once('remote', S.watchRemote(this.url.host));
    this.state = { reading: r, procs, error: null, at: Date.now() };
    this.version++;
  }

  private readProcs(r: WatchReading): ProcInfo[] | null {
    if (this.root !== null) {
      const tree = readTree(this.root);
      if (tree.length) return tree;
      this.note(S.watchParentGone(this.root), true);
      this.root = null;
    }
    const pids = [...new Set(r.slots.map((s) => s.pid).filter((p) => p > 0))];
    this.root = findServerRoot(this.url.port) ?? commonParent(pids);
    if (this.root === null) {
      this.once('noproc', S.watchNoProc(this.url.port), true);
      return null;
    }
    const tree = readTree(this.root);
    this.note(S.watchFromProc(this.root, tree[0]?.comm, Math.max(0, tree.length - 1)));
    return tree.length ? tree : null;
  }

  stop(): void {
    this.poller?.stop();
    this.poller = null;
  }
}
