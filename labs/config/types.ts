// The shape of a lab's configuration, after httpd 2.4's reading and corrections.
// Everything the engine, the CLI and the lessons know about settings comes from here.

export type ModelName = 'prefork' | 'worker' | 'event';
export const MODEL_NAMES: readonly ModelName[] = ['prefork', 'worker', 'event'];

/** Where a setting's value came from, so `mpm-lab config` can say it. */
export type Source =
  | { kind: 'default' }
  | { kind: 'file'; file: string; line: number }
  | { kind: 'cli'; text: string } // e.g. "--set MaxRequestWorkers=8" or "--port 0"
  | { kind: 'derived'; from: string }; // e.g. ServerLimit raised because MaxRequestWorkers needs it

export interface ListenAddress {
  host: string; // '127.0.0.1', '::1' or another loopback address
  port: number; // 0 = pick a free port
}

/** Values after httpd's corrections. Times are in milliseconds. */
export interface LabConfig {
  model: ModelName;
  StartServers: number;
  MinSpareServers: number; // prefork
  MaxSpareServers: number; // prefork
  MinSpareThreads: number; // worker/event
  MaxSpareThreads: number; // worker/event
  MaxRequestWorkers: number;
  ServerLimit: number;
  ThreadsPerChild: number; // 1 for prefork
  ThreadLimit: number; // 1 for prefork
  MaxConnectionsPerChild: number; // 0 = unlimited
  KeepAlive: boolean;
  KeepAliveTimeout: number; // ms
  MaxKeepAliveRequests: number; // 0 = unlimited
  AsyncRequestWorkerFactor: number; // event only; kept for the others at its default
  Timeout: number; // ms
  /** mod_reqtimeout's stages in force, as the directive writes them ("header=20-40,MinRate=500
   * body=20,MinRate=500"); absent = off, as httpd without mod_reqtimeout. */
  RequestReadTimeout?: string;
  ListenBacklog: number;
  Listen: ListenAddress;
  PidFile?: string; // absolute path
  ErrorLog?: string; // absolute path
  DocumentRoot?: string; // absolute path
  ServerName?: string;
}

export type DirectiveName = Exclude<keyof LabConfig, 'model'>;

/** A line httpd itself would print when it reads this config (AH code where httpd has one). */
export interface HttpdWarning {
  code?: string; // 'AH00316'
  text: string; // httpd's own words, e.g. "WARNING: MaxRequestWorkers of 10 is not an integer multiple of ..."
  directive: string;
}

/** A short explanation of the lab's own where httpd is silent or surprising. */
export interface LabNote {
  directive: string;
  text: string;
}

export interface IgnoredDirective {
  directive: string;
  file: string;
  line: number;
}

export interface ResolvedConfig {
  config: LabConfig;
  sources: Record<DirectiveName, Source>;
  warnings: HttpdWarning[];
  notes: LabNote[];
  ignored: IgnoredDirective[];
  /** The file given with --config, absolute, so a graceful restart can read it again. */
  file?: string;
}

export interface ConfigInput {
  model?: ModelName; // from the command line; a LoadModule of another MPM in the file is refused (AH00534)
  /**
   * Set when a running lab reads its config again (restart, graceful, ctl's test): its MPM, which
   * the file may not change (httpd's ap_check_mpm), and the model when nothing else names one.
   */
  running?: ModelName;
  file?: string; // --config FILE
  sets?: string[]; // each "Directive=value" from --set
  port?: number; // --port N; wins over Listen
  cwd?: string; // to resolve relative paths; default process.cwd()
  /** Variables for ${VAR} in the file (httpd reads its environment); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * What httpd refuses to start with, and bad command-line input. The CLI prints `message`
 * (no stack trace) and exits with `exitCode`.
 */
export class ConfigError extends Error {
  readonly exitCode: number;
  readonly file?: string;
  readonly line?: number;
  readonly directive?: string;
  /** How to fix it: accepted range, right spelling, where to put it. */
  readonly hint?: string;
  /** The offending config line or command-line argument, as written. */
  readonly text?: string;
  constructor(
    message: string,
    where: { file?: string; line?: number; directive?: string; exitCode?: number; hint?: string; text?: string } = {},
  ) {
    super(message);
    this.name = 'ConfigError';
    this.file = where.file;
    this.line = where.line;
    this.directive = where.directive;
    this.exitCode = where.exitCode ?? 2;
    this.hint = where.hint;
    this.text = where.text;
  }
}
