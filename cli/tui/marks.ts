// Processes that just appeared, are leaving or just died, marked for a moment so that a
// learner sees the fork, the reap and the crash. Pure: times are passed in. The lab's exit
// events say whether a process crashed; `watch` only sees pids come and go.

export type MarkKind = 'new' | 'exited' | 'crashed';

export interface Mark {
  kind: MarkKind;
  pid: number;
  until: number; // epoch ms
  why?: string; // "exit signal Aborted (6)"
}

/** What a process looked like when last seen, to keep drawing it for a moment after it went. */
export interface LastSeen {
  pid: number;
  slot: number | null;
  comm: string;
  threads: number;
  rssBytes: number | null;
}

export const MARK_MS = 3000;

export class MarkTracker {
  private known: Set<number> | null = null;
  private readonly marks = new Map<number, Mark>();
  private readonly lastSeen = new Map<number, LastSeen>();
  private readonly ghosts = new Map<number, LastSeen>();

  constructor(
    private readonly markMs = MARK_MS,
    private readonly markFirst = false, // mark what the first observation sees as new
  ) {}

  /** The processes there now (children; the parent is never marked). */
  observe(present: readonly LastSeen[], now: number): void {
    const pids = new Set(present.map((p) => p.pid));
    if (this.known !== null || this.markFirst) {
      for (const p of present) if (!this.known?.has(p.pid) && !this.marks.has(p.pid)) this.marks.set(p.pid, { kind: 'new', pid: p.pid, until: now + this.markMs });
      for (const pid of this.known ?? []) {
        if (pids.has(pid)) continue;
        const seen = this.lastSeen.get(pid);
        if (seen) this.ghosts.set(pid, seen);
        const mark = this.marks.get(pid);
        if (!mark || mark.kind === 'new') this.marks.set(pid, { kind: 'exited', pid, until: now + this.markMs });
      }
    }
    this.known = pids;
    for (const p of present) this.lastSeen.set(p.pid, p);
    for (const pid of this.lastSeen.keys()) if (!pids.has(pid) && !this.ghosts.has(pid)) this.lastSeen.delete(pid);
    this.expire(now);
  }

  /** The lab's word on an exit: a crash is marked as one, however the pid was seen to go. */
  exited(pid: number, crashed: boolean, why: string, now: number): void {
    const seen = this.lastSeen.get(pid);
    if (seen) this.ghosts.set(pid, seen);
    this.marks.set(pid, { kind: crashed ? 'crashed' : 'exited', pid, until: now + this.markMs, why });
  }

  expire(now: number): void {
    for (const [pid, m] of this.marks) {
      if (m.until > now) continue;
      this.marks.delete(pid);
      this.ghosts.delete(pid);
      if (!this.known?.has(pid)) this.lastSeen.delete(pid);
    }
  }

  markOf(pid: number): Mark | undefined {
    return this.marks.get(pid);
  }

  /** Processes gone but still shown, with their mark; not those back in the tree. */
  gone(): { seen: LastSeen; mark: Mark }[] {
    const out: { seen: LastSeen; mark: Mark }[] = [];
    for (const [pid, seen] of this.ghosts) {
      const mark = this.marks.get(pid);
      if (mark && mark.kind !== 'new' && !this.known?.has(pid)) out.push({ seen, mark });
    }
    return out.sort((a, b) => a.seen.pid - b.seen.pid);
  }

  /** The next moment a mark expires (the view must redraw then), or null. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const m of this.marks.values()) if (next === null || m.until < next) next = m.until;
    return next;
  }
}
