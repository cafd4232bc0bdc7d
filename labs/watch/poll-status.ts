// Reads a status page again and again, one request at a time, `intervalMs` apart, until
// stopped: a watcher costs the server one small request a second.
import { readStatus } from './read-status.ts';
import type { Fetch } from './read-status.ts';
import type { StatusUrl } from './status-url.ts';
import type { WatchReading } from './types.ts';
import { MIN_INTERVAL_MS } from './interval.ts';

export interface PollHandlers {
  reading(r: WatchReading): void;
  error(message: string, at: number): void;
}

export { MIN_INTERVAL_MS };

export function pollStatus(url: StatusUrl, intervalMs: number, handlers: PollHandlers, options: { fetch?: Fetch } = {}): { stop(): void } {
  if (!(intervalMs >= MIN_INTERVAL_MS)) throw new RangeError(`pollStatus: intervalMs must be at least ${MIN_INTERVAL_MS}; got ${intervalMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const once = async () => {
    timer = null;
    const started = Date.now();
    try {
      const reading = await readStatus(url, { timeoutMs: Math.max(2000, intervalMs), ...(options.fetch ? { fetch: options.fetch } : {}) });
      if (!stopped) handlers.reading(reading);
    } catch (error) {
      if (!stopped) handlers.error((error as Error).message, Date.now());
    }
    if (!stopped) timer = setTimeout(once, Math.max(0, intervalMs - (Date.now() - started)));
  };
  void once();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
