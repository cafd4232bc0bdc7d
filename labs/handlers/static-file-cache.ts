// A small cache of what a URL path resolved to, as httpd's open-file caches keep: an entry is
// trusted for at most `maxAgeMs` after it was last checked against the file system, then
// checked again. Bounded by a count of entries and, with `sizeOf`, by their bytes in all: each
// process and each worker thread keeps its own. Pure: the caller passes the clock.

export class RevalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; checkedAt: number; bytes: number }>();
  private totalBytes = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
    private readonly maxBytes = Infinity,
    private readonly sizeOf: (value: V) => number = () => 0,
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

  /** Kept, as the newest entry, unless it alone is larger than maxBytes; the oldest go first. */
  set(key: string, value: V, now: number): void {
    this.delete(key); // re-inserted last: the oldest entry is the first one
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.totalBytes + bytes > this.maxBytes)) {
      this.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, checkedAt: now, bytes });
    this.totalBytes += bytes;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.totalBytes -= e.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries hold in all, as `sizeOf` counts it. */
  get bytes(): number {
    return this.totalBytes;
  }
}
