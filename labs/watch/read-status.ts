// One reading of a status page: `?auto` first (the truth about the scoreboard), then the HTML
// page for the ExtendedStatus table. A server without ExtendedStatus still gives a reading.
import { parseStatusAuto } from '../status/parse-auto.ts';
import { fetchText } from './fetch-text.ts';
import { parseStatusPage } from './parse-extended.ts';
import type { StatusUrl } from './status-url.ts';
import type { WatchReading } from './types.ts';

export type Fetch = (url: string, options?: { timeoutMs?: number }) => Promise<string>;

export async function readStatus(url: StatusUrl, options: { timeoutMs?: number; fetch?: Fetch; now?: () => number } = {}): Promise<WatchReading> {
  const get = options.fetch ?? fetchText;
  const timeoutMs = options.timeoutMs ?? 5000;
  const status = parseStatusAuto(await get(url.auto, { timeoutMs }));
  if (!status.scoreboard) {
    throw new Error(`${url.auto} has no "Scoreboard:" line: is it mod_status' page? (SetHandler server-status)`);
  }
  const at = (options.now ?? Date.now)();
  try {
    const page = parseStatusPage(await get(url.page, { timeoutMs }));
    return { at, url: url.page, status, ...page };
  } catch (error) {
    return { at, url: url.page, status, extended: false, slots: [], processes: [], htmlError: (error as Error).message };
  }
}
