// Short human forms of sizes and durations for fixed-width columns.

/** RSS as ps -o rss would read in human units: "912K", "55.2M", "123M", "1.3G" (at most 5 characters). */
export function formatRss(bytes: number): string {
  const k = bytes / 1024;
  if (k < 1024) return `${Math.round(k)}K`;
  const m = k / 1024;
  if (m < 100) return `${m.toFixed(1)}M`;
  if (m < 1000) return `${Math.round(m)}M`;
  return `${(m / 1024).toFixed(1)}G`;
}

/** An age in at most 6 characters: "0.4s", "12s", "3m05s", "2h03m", "4d02h". */
export function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.floor(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** Milliseconds with precision that suits their size: "0.42", "3.1", "120". */
export function formatMs(ms: number): string {
  if (ms < 1) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toString();
}
