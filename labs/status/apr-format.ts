// Numbers and times printed the way httpd prints them. httpd formats with APR's own printf
// (apr_snprintf.c), whose %g drops the leading zero (".0507813") and never pads the exponent
// ("1.e+10"); scripts that parse `?auto` see exactly that, so the lab prints the same.

/** C's (float) cast: mod_status computes its rates in single precision. */
export const f32 = Math.fround;

/** APR's apr_gcvt: %g with `precision` significant digits (%g = 6, %.3g = 3). */
export function aprG(value: number, precision = 6): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value < 0 ? '-inf' : 'inf';
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let digits: string;
  let decpt: number; // position of the decimal point relative to the digits, as ecvt's
  if (abs === 0) {
    digits = '0'.repeat(precision);
    decpt = 0;
  } else {
    const [mantissa, exponent] = abs.toExponential(precision - 1).split('e') as [string, string];
    digits = mantissa.replace('.', '');
    decpt = Number(exponent) + 1;
  }
  let ndigit = precision;
  while (ndigit > 1 && digits[ndigit - 1] === '0') ndigit--;
  let out = negative && abs !== 0 ? '-' : '';
  if ((decpt >= 0 && decpt - ndigit > 4) || decpt < -3) {
    let exp = decpt - 1;
    out += `${digits[0]}.${digits.slice(1, ndigit)}e`;
    if (exp < 0) {
      exp = -exp;
      out += '-';
    } else out += '+';
    if (Math.floor(exp / 100) > 0) out += String(Math.floor(exp / 100));
    if (Math.floor(exp / 10) > 0) out += String(Math.floor((exp % 100) / 10));
    out += String(exp % 10);
  } else {
    if (decpt <= 0) {
      if (digits[0] !== '0') out += '.';
      out += '0'.repeat(-decpt);
    }
    for (let i = 1; i <= ndigit; i++) {
      out += digits[i - 1];
      if (i === decpt) out += '.';
    }
    if (ndigit < decpt) out += '0'.repeat(decpt - ndigit) + '.';
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

/** %.Nf */
export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** mod_status's show_time: " 2 days 3 hours 1 minute 5 seconds" (leading space, zero parts left out). */
export function showTime(totalSeconds: number): string {
  let t = Math.max(0, Math.floor(totalSeconds));
  const secs = t % 60;
  t = Math.floor(t / 60);
  const mins = t % 60;
  t = Math.floor(t / 60);
  const hrs = t % 24;
  const days = Math.floor(t / 24);
  let out = '';
  if (days) out += ` ${days} day${days === 1 ? '' : 's'}`;
  if (hrs) out += ` ${hrs} hour${hrs === 1 ? '' : 's'}`;
  if (mins) out += ` ${mins} minute${mins === 1 ? '' : 's'}`;
  if (secs) out += ` ${secs} second${secs === 1 ? '' : 's'}`;
  return out;
}

const KBYTE = 1024;
const MBYTE = 1048576;
const GBYTE = 1073741824;

/** format_byte_out */
export function formatBytes(bytes: number): string {
  if (bytes < 5 * KBYTE) return `${Math.trunc(bytes)} B`;
  if (bytes < MBYTE / 2) return `${fixed(f32(bytes) / KBYTE, 1)} kB`;
  if (bytes < GBYTE / 2) return `${fixed(f32(bytes) / MBYTE, 1)} MB`;
  return `${fixed(f32(bytes) / GBYTE, 1)} GB`;
}

/** format_kbyte_out */
export function formatKBytes(kBytes: number): string {
  if (kBytes < KBYTE) return `${Math.trunc(kBytes)} kB`;
  if (kBytes < MBYTE) return `${fixed(f32(kBytes) / KBYTE, 1)} MB`;
  return `${fixed(f32(kBytes) / MBYTE, 1)} GB`;
}
