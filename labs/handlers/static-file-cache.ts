// A small cache of what a URL path resolved to, as httpd's open-file caches keep: an entry is
// trusted for at most `maxAgeMs` after it was last checked against the file system, then
// checked again. Pure: the caller passes the clock.

export class RevalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; checkedAt: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The value if it was checked less than maxAgeMs before `now`. */
  fresh(key: string, now: number): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    const age = now - e.checkedAt;
    return age >= 0 && age < this.maxAgeMs ? e.value : undefined;
  }

  /** The value whatever its age, for revalidation (reuse it if the file did not change). */
  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, now: number): void {
    this.entries.delete(key); // re-inserted last: the oldest entry is the first one
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, checkedAt: now });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
