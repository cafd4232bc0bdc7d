// How httpd 2.4 turns one argument into a value. Pure functions: each returns the value httpd would
// use, or the message httpd would refuse the argument with.

import path from 'node:path';

/**
 * C's atoi() as glibc does it ((int) strtol(s, NULL, 10)): optional sign and leading digits, the rest
 * ignored, no digits = 0, out of range wraps like the int cast does. `exact` says whether the text was
 * a plain whole number that fits, so a reader can explain the surprise when it was not.
 */
export function atoi(text: string): { value: number; exact: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)!;
  const digits = m[2] ?? '';
  if (digits === '') return { value: 0, exact: false };
  const LONG_MAX = 2n ** 63n - 1n;
  let big = BigInt(digits);
  if (m[1] === '-') big = -big;
  const clamped = big > LONG_MAX ? LONG_MAX : big < -LONG_MAX - 1n ? -LONG_MAX - 1n : big;
  const value = Number(BigInt.asIntN(32, clamped));
  const exact = /^[+-]?\d+$/.test(text) && BigInt(value) === big;
  return { value, exact };
}

/** C's int, where httpd keeps every count it reads with atoi(). */
export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;

/** A whole number written as one, within C's int (the command line is strict where httpd's atoi is not). */
export function strictInteger(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/**
 * ap_timeout_parameter_parse(arg, &t, "s") from server/util.c: a decimal number (strtoll) followed by
 * nothing (= seconds), "ms", "s", "mi" or "h". Only the unit's first letters are looked at, so "5sec"
 * is 5 s and "2min" 2 minutes; "5m", "5x" or "5 S" are refused. Returns milliseconds.
 */
export function parseTimeout(text: string): { ms: number } | { error: string } {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)?(.*)$/s.exec(text)!;
  const number = m[1] ?? '';
  const rest = number === '' ? text : (m[2] ?? '');
  let tout = number === '' ? 0 : Number(number);
  if (!Number.isSafeInteger(tout)) return { error: 'out of range' };
  const unit = rest === '' ? 's' : rest;
  if (number === '') tout = 0;
  if (unit.startsWith('s')) return { ms: tout * 1000 };
  if (unit.startsWith('h')) return { ms: tout * 3600 * 1000 };
  if (unit.startsWith('ms')) return { ms: tout };
  if (unit.startsWith('mi')) return { ms: tout * 60 * 1000 };
  return { error: `unknown unit '${rest}'` };
}

/** Whether the text is a time as the lab documents it (no leading sign or odd unit tail). */
export function isPlainTime(text: string): boolean {
  return /^\d+(ms|s|mi|min|h)?$/.test(text);
}

/**
 * AsyncRequestWorkerFactor (event.c set_worker_factor): strtod() of the whole argument, > 0. httpd
 * stores it in sixteenths (val * 16, at least 16), and 2.4's listener compares with the integer
 * quotient worker_factor / 16, so the factor in force is a whole number, at least 1.
 */
export function parseFactor(text: string): { configured: number; effective: number } | { error: string } {
  const t = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { error: 'error parsing value' };
  const val = Number(t);
  if (!(val > 0)) return { error: 'AsyncRequestWorkerFactor argument must be a positive number' };
  const sixteenths = Math.max(16, Math.floor(val * 16));
  return { configured: val, effective: Math.floor(sixteenths / 16) };
}

export interface ListenSpec {
  host: string | null; // null = every interface ("Listen 80" or "Listen *:80")
  port: number;
  protocol?: string;
  /** An IPv6 address written without brackets: "::1" is read as host ":", port 1 (apr_parse_addr_port). */
  unbracketedV6?: boolean;
}

/**
 * listen.c ap_set_listener + apr_parse_addr_port: "PORT", "HOST:PORT", "[IPV6]:PORT", "*:PORT".
 * Returns httpd's own refusal text when httpd refuses it.
 */
export function parseListen(args: readonly string[]): ListenSpec | { error: string } {
  if (args.length < 1 || args.length > 2) return { error: 'Listen requires 1 or 2 arguments.' };
  const text = args[0]!;
  const protocol = args[1]?.toLowerCase();
  const bad = { error: 'Invalid address or port' };
  let host: string | null;
  let port = 0;
  const tail = /(\d*)$/.exec(text)![1]!;
  if (tail.length === text.length) {
    // The whole argument is the port.
    port = atoi(text).value;
    if (port < 1 || port > 65535) return bad;
    host = null;
  } else {
    let hostText = text;
    const before = text.length - tail.length - 1;
    if (tail !== '' && text[before] === ':') {
      if (before === 0) return bad;
      port = atoi(tail).value;
      if (port < 1 || port > 65535) return bad;
      hostText = text.slice(0, before);
    }
    if (hostText.startsWith('[')) {
      if (!hostText.endsWith(']')) return bad;
      host = hostText.slice(1, -1);
      if (host.includes('%')) return { error: 'Scope id is not supported' };
      if (host === '' || !/^[0-9a-fA-F:.]+$/.test(host) || !host.includes(':')) return bad;
    } else {
      if (hostText.includes('%')) return { error: 'Scope id is not supported' };
      host = hostText;
    }
  }
  if (host === '*') host = null;
  if (!port) return { error: 'Port must be specified' };
  const spec: ListenSpec = { host, port };
  if (protocol !== undefined) spec.protocol = protocol;
  if (host !== null && host.includes(':') && !text.startsWith('[')) spec.unbracketedV6 = true;
  return spec;
}

/** Loopback addresses the lab may bind: 127.0.0.0/8, ::1, and the name localhost. */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * ServerName (core.c server_hostname_port): [scheme://]host[:port]; a wildcard is refused, and so is a
 * port outside 1..65535 (atoi of what follows the colon).
 */
export function parseServerName(text: string): { error: string } | { name: string } {
  if (/[*?]|\[.*\]/.test(text)) {
    return { error: `Invalid ServerName "${text}" use ServerAlias to set multiple server names.` };
  }
  const scheme = text.indexOf('://');
  const part = scheme >= 0 ? text.slice(scheme + 3) : text;
  const colon = part.indexOf(':');
  if (colon >= 0) {
    const port = atoi(part.slice(colon + 1)).value;
    if (port <= 0 || port >= 65536) {
      return { error: `The port number "${text}" is outside the appropriate range (i.e., 1..65535).` };
    }
  }
  return { name: text };
}

/** httpd's ap_server_root_relative, with the config file's folder playing ServerRoot. */
export function resolvePath(value: string, baseDir: string): string {
  return path.resolve(baseDir, value);
}

/** An ErrorLog that is not a file: a pipe to a program or syslog. */
export function isSpecialErrorLog(value: string): boolean {
  return value.startsWith('|') || /^syslog(:|$)/i.test(value);
}

/** One stage of mod_reqtimeout: seconds, seconds (0 = no cap) and bytes a second (0 = none). */
export interface ReqTimeoutStage {
  timeout: number;
  maxTimeout: number;
  minRate: number;
}

export type ReqTimeoutStageName = 'handshake' | 'header' | 'body';
export type ReqTimeoutStages = Partial<Record<ReqTimeoutStageName, ReqTimeoutStage>>;

/** mod_reqtimeout's MRT_DEFAULT_*: what a stage the directive does not name gets. */
export const REQTIMEOUT_DEFAULTS: Readonly<Record<'header' | 'body', ReqTimeoutStage>> = {
  header: { timeout: 20, maxTimeout: 40, minRate: 500 },
  body: { timeout: 20, maxTimeout: 0, minRate: 500 },
};

/** mod_reqtimeout's parse_int: strtol() of the whole text, 0 or more. */
function reqtimeoutInt(text: string): { value: number } | { error: string } {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return { error: `Value '${text}' not numerical` };
  const rest = text.slice(m[0].length);
  if (rest !== '') return { error: `Cannot parse '${rest}'` };
  const value = atoi(m[1]!).value; // a long cast to int, as in C
  if (value < 0) return { error: 'Value must be non-negative' };
  return { value };
}

/** set_reqtimeout_param: "20", "20-40,MinRate=500" or "20,MinRate=500" for one stage. */
function reqtimeoutStage(value: string): ReqTimeoutStage | { error: string } {
  const stage: ReqTimeoutStage = { timeout: 0, maxTimeout: 0, minRate: 0 };
  const rateAt = value.toLowerCase().indexOf(',minrate=');
  if (rateAt >= 0) {
    const rate = reqtimeoutInt(value.slice(rateAt + ',minrate='.length));
    if ('error' in rate) return rate;
    if (rate.value === 0) return { error: 'Minimum data rate must be larger than 0' };
    stage.minRate = rate.value;
    let initial = value.slice(0, rateAt);
    const dash = initial.indexOf('-');
    if (dash >= 0) {
      const max = reqtimeoutInt(initial.slice(dash + 1));
      if ('error' in max) return max;
      stage.maxTimeout = max.value;
      initial = initial.slice(0, dash);
    }
    const timeout = reqtimeoutInt(initial);
    if ('error' in timeout) return timeout;
    stage.timeout = timeout.value;
  } else {
    if (value.includes('-')) return { error: 'Must set MinRate option if using timeout range' };
    const timeout = reqtimeoutInt(value);
    if ('error' in timeout) return timeout;
    stage.timeout = timeout.value;
  }
  if (stage.maxTimeout && stage.timeout >= stage.maxTimeout) return { error: 'Maximum timeout must be larger than initial timeout' };
  return stage;
}

/**
 * RequestReadTimeout (mod_reqtimeout.c set_reqtimeouts): key=value words, each setting one stage
 * over what an earlier line set. The error is httpd's own text.
 */
export function parseRequestReadTimeout(args: readonly string[], before: ReqTimeoutStages = {}): { stages: ReqTimeoutStages } | { error: string } {
  const stages: ReqTimeoutStages = { ...before };
  for (const word of args) {
    const eq = word.indexOf('=');
    if (eq < 0) return { error: "Invalid RequestReadTimeout parameter. Parameter must be in the form 'key=value'" };
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    const name = key.toLowerCase();
    const parsed: ReqTimeoutStage | { error: string } =
      name === 'handshake' || name === 'header' || name === 'body' ? reqtimeoutStage(value) : { error: 'Unknown RequestReadTimeout parameter' };
    if ('error' in parsed) return { error: `RequestReadTimeout: ${key}=${value}: ${parsed.error}` };
    stages[name as ReqTimeoutStageName] = parsed;
  }
  return { stages };
}

function formatStage(name: string, s: ReqTimeoutStage): string {
  return `${name}=${s.timeout}${s.maxTimeout ? `-${s.maxTimeout}` : ''}${s.minRate ? `,MinRate=${s.minRate}` : ''}`;
}

/** The stages in force, written as the directive takes them; a stage not named keeps its default. */
export function formatRequestReadTimeout(stages: ReqTimeoutStages): string {
  const parts: string[] = [];
  if (stages.handshake) parts.push(formatStage('handshake', stages.handshake));
  parts.push(formatStage('header', stages.header ?? REQTIMEOUT_DEFAULTS.header));
  parts.push(formatStage('body', stages.body ?? REQTIMEOUT_DEFAULTS.body));
  return parts.join(' ');
}
