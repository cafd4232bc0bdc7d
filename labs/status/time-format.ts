// httpd's DEFAULT_TIME_FORMAT, "%A, %d-%b-%Y %H:%M:%S %Z" in local time
// ("Tuesday, 27-Jan-2026 11:26:58 MSK"). The zone name is what Intl knows for the local
// zone: "UTC", "PDT", or "GMT+2" where C would print "CEST".
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let zoneFormat: Intl.DateTimeFormat | undefined;

function zoneName(date: Date): string {
  try {
    zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
    return zoneFormat.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function httpdTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${DAYS[d.getDay()]}, ${two(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zoneName(d)}`
  );
}
