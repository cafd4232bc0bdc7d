// The Date header, formatted once per second rather than once per response (hot path).
let cachedSecond = -1;
let cachedValue = '';

export function httpDate(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedValue = new Date(second * 1000).toUTCString(); // IMF-fixdate, as RFC 9110 wants
  }
  return cachedValue;
}
