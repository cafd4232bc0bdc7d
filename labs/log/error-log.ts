// The parent's log lines in httpd's error_log format:
// [Thu Nov 26 03:44:55.123456 2026] [mpm_prefork:notice] [pid 1234] AH00163: ...
import fs from 'node:fs';

export type LogLevel = 'emerg' | 'alert' | 'crit' | 'error' | 'warn' | 'notice' | 'info' | 'debug';

export interface LogEntry {
  time: number;
  module: string; // 'mpm_prefork', 'core'
  level: LogLevel;
  pid: number;
  code?: string; // 'AH00052'
  text: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** httpd's ap_recent_ctime_ex with microseconds, in local time. */
export function httpdTime(ms: number): string {
  const d = new Date(ms);
  const micro = pad(d.getMilliseconds(), 3) + '000';
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${micro} ${d.getFullYear()}`;
}

export function formatLogEntry(e: LogEntry): string {
  return `[${httpdTime(e.time)}] [${e.module}:${e.level}] [pid ${e.pid}] ${e.code ? e.code + ': ' : ''}${e.text}`;
}

/** ErrorLog opened but a line could not be written to it (/proc/self/mem, /dev/full...). */
export class LogWriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: unknown,
  ) {
    super(`could not write to ${file}: ${(reason as Error).message}`);
    this.name = 'LogWriteError';
  }
}

/** Where log lines go: a file (ErrorLog) or a stream; listeners see every entry (UI, lessons). */
export class ErrorLog {
  private fd: number | null = null;
  private running = false;
  private readonly listeners = new Set<(e: LogEntry) => void>();
  constructor(
    private readonly module: string,
    private readonly file?: string,
    private readonly echo: ((line: string) => void) | null = (line) => process.stderr.write(line + '\n'),
  ) {
    if (file) this.fd = fs.openSync(file, 'a', 0o644);
  }

  on(listener: (e: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(level: LogLevel, text: string, code?: string, module = this.module, pid = process.pid): LogEntry {
    const entry: LogEntry = { time: Date.now(), module, level, pid, code, text };
    const line = formatLogEntry(entry);
    let failure: unknown = null;
    if (this.fd !== null) {
      try {
        fs.writeSync(this.fd, line + '\n');
      } catch (error) {
        if (!this.running) throw new LogWriteError(this.file ?? '', error);
        failure = error;
      }
    }
    if (this.echo) this.echo(line);
    for (const l of this.listeners) l(entry);
    if (failure) this.giveUpFile(failure);
    return entry;
  }

  /**
   * The lab serves from now on: a line the file refuses (disk full, a FIFO whose reader left)
   * no longer stops it. httpd drops such lines and goes on; the lab says so once.
   */
  serving(): void {
    this.running = true;
  }

  private giveUpFile(reason: unknown): void {
    this.close();
    const code = (reason as NodeJS.ErrnoException).code ?? (reason as Error).message;
    this.write(
      'error',
      `could not write to error log file ${this.file} (${code}), so the lab stops writing to it and goes on serving, as httpd does; ` +
        'its lines still reach this terminal. Fix the file, then restart the lab to log to it again.',
      undefined,
      'core',
    );
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
