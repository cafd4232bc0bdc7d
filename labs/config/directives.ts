// The directives the lab runs: names, aliases, which MPMs have them, defaults, kinds and limits.
// Defaults and usage strings are httpd 2.4's (server/mpm/*/mpm_default.h, the *_cmds tables in
// prefork.c, worker.c, event.c, mpm_common.h, listen.c, core.c and modules/http/http_core.c).

import type { DirectiveName, ModelName } from './types.ts';

export type DirectiveKind =
  | 'number' // atoi() in a file, a whole number on the command line
  | 'seconds' // Timeout: apr_time_from_sec(atoi(arg)), no units
  | 'time' // KeepAliveTimeout: ap_timeout_parameter_parse(arg, "s"): ms, s, mi, h
  | 'flag' // On / Off
  | 'factor' // AsyncRequestWorkerFactor: strtod(), must be > 0
  | 'listen' // [host:]port
  | 'path' // relative to the config file's folder
  | 'name' // ServerName: [scheme://]host[:port]
  | 'stages'; // RequestReadTimeout: key=value words (RAW_ARGS), each setting one stage

export interface DirectiveSpec {
  name: DirectiveName;
  aliases: readonly string[];
  models: readonly ModelName[];
  kind: DirectiveKind;
  /** Where httpd defines it. */
  module: string;
  /** 'global': httpd refuses it inside <VirtualHost> (GLOBAL_ONLY); 'server': a virtual host may have its own. */
  scope: 'global' | 'server';
  /** httpd's own description, printed in "X takes one argument, <usage>"; per model where they differ. */
  usage: string | Partial<Record<ModelName, string>>;
  /** Defaults per model (times in ms). Absent = the directive does not exist in that model. */
  defaults: Partial<Record<ModelName, number | boolean>>;
  /** httpd's compile-time hard maximum, per model. */
  hardMax?: Partial<Record<ModelName, number>>;
  /** Accepted values, in plain words, for error messages and help. */
  accepts: string;
  summary: string;
}

const ALL: readonly ModelName[] = ['prefork', 'worker', 'event'];
const THREADED: readonly ModelName[] = ['worker', 'event'];

export const DIRECTIVES: readonly DirectiveSpec[] = [
  {
    name: 'StartServers',
    aliases: [],
    models: ALL,
    kind: 'number',
    module: 'prefork.c, worker.c, event.c',
    scope: 'global',
    usage: 'Number of child processes launched at server startup',
    defaults: { prefork: 5, worker: 3, event: 3 },
    accepts: 'a whole number of child processes, 1 or more',
    summary: 'child processes started at startup',
  },
  {
    name: 'MinSpareServers',
    aliases: [],
    models: ['prefork'],
    kind: 'number',
    module: 'prefork.c',
    scope: 'global',
    usage: 'Minimum number of idle children, to handle request spikes',
    defaults: { prefork: 5 },
    accepts: 'a whole number of idle child processes, 1 or more',
    summary: 'fewer idle children than this: the parent forks more',
  },
  {
    name: 'MaxSpareServers',
    aliases: [],
    models: ['prefork'],
    kind: 'number',
    module: 'prefork.c',
    scope: 'global',
    usage: 'Maximum number of idle children',
    defaults: { prefork: 10 },
    accepts: 'a whole number of idle child processes, more than MinSpareServers',
    summary: 'more idle children than this: the parent stops one per second',
  },
  {
    name: 'MaxRequestWorkers',
    aliases: ['MaxClients'],
    models: ALL,
    kind: 'number',
    module: 'prefork.c, worker.c, event.c',
    scope: 'global',
    usage: {
      prefork: 'Maximum number of children alive at the same time',
      worker: 'Maximum number of threads alive at the same time',
      event: 'Maximum number of threads alive at the same time',
    },
    defaults: { prefork: 256, worker: 400, event: 400 },
    accepts:
      'a whole number, 1 or more: at most ServerLimit for prefork; a multiple of ThreadsPerChild, at most ServerLimit x ThreadsPerChild for worker and event',
    summary: 'requests served at the same time (processes for prefork, threads for worker/event)',
  },
  {
    name: 'ServerLimit',
    aliases: [],
    models: ALL,
    kind: 'number',
    module: 'prefork.c, worker.c, event.c',
    scope: 'global',
    usage: {
      prefork: 'Maximum value of MaxRequestWorkers for this run of Apache',
      worker: 'Maximum number of child processes for this run of Apache',
      event: 'Maximum number of child processes for this run of Apache',
    },
    defaults: { prefork: 256, worker: 16, event: 16 },
    hardMax: { prefork: 200000, worker: 20000, event: 20000 },
    accepts: 'a whole number of child processes, from 1 to 200000 (prefork) or 20000 (worker, event)',
    summary: 'hard limit on child processes (sizes the scoreboard)',
  },
  {
    name: 'ThreadsPerChild',
    aliases: [],
    models: THREADED,
    kind: 'number',
    module: 'worker.c, event.c',
    scope: 'global',
    usage: 'Number of threads each child creates',
    defaults: { worker: 25, event: 25 },
    accepts: 'a whole number of threads, from 1 to ThreadLimit',
    summary: 'worker threads in each child process',
  },
  {
    name: 'ThreadLimit',
    aliases: [],
    models: THREADED,
    kind: 'number',
    module: 'worker.c, event.c',
    scope: 'global',
    usage:
      'Maximum number of worker threads per child process for this run of Apache - Upper limit for ThreadsPerChild',
    defaults: { worker: 64, event: 64 },
    hardMax: { worker: 20000, event: 100000 },
    accepts: 'a whole number of threads, from 1 to 20000 (worker) or 100000 (event)',
    summary: 'hard limit on ThreadsPerChild (sizes the scoreboard)',
  },
  {
    name: 'MinSpareThreads',
    aliases: [],
    models: THREADED,
    kind: 'number',
    module: 'worker.c, event.c',
    scope: 'global',
    usage: 'Minimum number of idle threads, to handle request spikes',
    defaults: { worker: 75, event: 75 },
    accepts: 'a whole number of idle threads, 1 or more',
    summary: 'fewer idle threads than this (all children together): the parent forks a child',
  },
  {
    name: 'MaxSpareThreads',
    aliases: [],
    models: THREADED,
    kind: 'number',
    module: 'worker.c, event.c',
    scope: 'global',
    usage: 'Maximum number of idle threads',
    defaults: { worker: 250, event: 250 },
    accepts: 'a whole number of idle threads, at least MinSpareThreads + ThreadsPerChild + 1',
    summary: 'more idle threads than this: the parent stops a child',
  },
  {
    name: 'MaxConnectionsPerChild',
    aliases: ['MaxRequestsPerChild'],
    models: ALL,
    kind: 'number',
    module: 'mpm_common.c',
    scope: 'global',
    usage: 'Maximum number of connections a particular child serves before dying.',
    defaults: { prefork: 0, worker: 0, event: 0 },
    accepts: 'a whole number of connections, 0 = never recycle a child',
    summary: 'a child exits after serving this many connections',
  },
  {
    name: 'KeepAlive',
    aliases: [],
    models: ALL,
    kind: 'flag',
    module: 'http_core.c',
    scope: 'server',
    usage: 'Whether persistent connections should be On or Off',
    defaults: { prefork: true, worker: true, event: true },
    accepts: 'On or Off',
    summary: 'keep the connection open for more requests',
  },
  {
    name: 'KeepAliveTimeout',
    aliases: [],
    models: ALL,
    kind: 'time',
    module: 'http_core.c',
    scope: 'server',
    usage: 'Keep-Alive timeout duration (sec)',
    defaults: { prefork: 5000, worker: 5000, event: 5000 },
    accepts: 'a time: whole seconds (5) or a number with a unit: 500ms, 5s, 2mi, 1h',
    summary: 'how long an idle keep-alive connection waits for the next request',
  },
  {
    name: 'MaxKeepAliveRequests',
    aliases: [],
    models: ALL,
    kind: 'number',
    module: 'http_core.c',
    scope: 'server',
    usage: 'Maximum number of Keep-Alive requests per connection, or 0 for infinite',
    defaults: { prefork: 100, worker: 100, event: 100 },
    accepts: 'a whole number of requests, 0 = unlimited',
    summary: 'requests on one keep-alive connection before it is closed',
  },
  {
    name: 'AsyncRequestWorkerFactor',
    aliases: [],
    models: ['event'],
    kind: 'factor',
    module: 'event.c',
    scope: 'global',
    usage: 'How many additional connects will be accepted per idle worker thread',
    defaults: { event: 2 },
    accepts: 'a positive number, e.g. 2 or 1.5',
    summary: 'event: extra connections a child accepts per idle worker thread',
  },
  {
    name: 'Timeout',
    aliases: [],
    models: ALL,
    kind: 'seconds',
    module: 'core.c',
    scope: 'server',
    usage: 'Timeout duration (sec)',
    defaults: { prefork: 60000, worker: 60000, event: 60000 },
    accepts: 'whole seconds, e.g. 60 (httpd 2.4 reads no unit here)',
    summary: 'how long to wait for a client to send or receive data',
  },
  {
    name: 'RequestReadTimeout',
    aliases: [],
    models: ALL,
    kind: 'stages',
    module: 'mod_reqtimeout.c',
    scope: 'server',
    usage: 'Set various timeout parameters for TLS handshake and/or reading request headers and body',
    defaults: {},
    accepts: 'header= and body= stages, each SECONDS, SECONDS-MAXSECONDS,MinRate=BYTES or SECONDS,MinRate=BYTES (0 turns a stage off)',
    summary: 'mod_reqtimeout: how long reading a whole request header block (or body) may take',
  },
  {
    name: 'ListenBacklog',
    aliases: [],
    models: ALL,
    kind: 'number',
    module: 'listen.c',
    scope: 'global',
    usage: 'Maximum length of the queue of pending connections, as used by listen(2)',
    defaults: { prefork: 511, worker: 511, event: 511 },
    accepts: 'a whole number, 1 or more',
    summary: 'connections the kernel queues before the server accepts them',
  },
  {
    name: 'Listen',
    aliases: [],
    models: ALL,
    kind: 'listen',
    module: 'listen.c',
    scope: 'global',
    usage: 'A port number or a numeric IP address and a port number, and an optional protocol',
    defaults: {},
    accepts: 'PORT, 127.0.0.1:PORT, [::1]:PORT or localhost:PORT (loopback only), PORT from 1 to 65535',
    summary: 'address and port to serve on',
  },
  {
    name: 'PidFile',
    aliases: [],
    models: ALL,
    kind: 'path',
    module: 'mpm_common.c',
    scope: 'global',
    usage: 'A file for logging the server process ID',
    defaults: {},
    accepts: "a file path (a relative path starts at the config file's folder)",
    summary: "file the parent writes its process id to",
  },
  {
    name: 'ErrorLog',
    aliases: [],
    models: ALL,
    kind: 'path',
    module: 'core.c',
    scope: 'server',
    usage: 'The filename of the error log',
    defaults: {},
    accepts: "a file path (a relative path starts at the config file's folder)",
    summary: 'file for the error log',
  },
  {
    name: 'DocumentRoot',
    aliases: [],
    models: ALL,
    kind: 'path',
    module: 'core.c',
    scope: 'server',
    usage: 'Root directory of the document tree',
    defaults: {},
    accepts: "a folder path (a relative path starts at the config file's folder)",
    summary: 'folder the static files are served from',
  },
  {
    name: 'ServerName',
    aliases: [],
    models: ALL,
    kind: 'name',
    module: 'core.c',
    scope: 'server',
    usage: 'The hostname and port of the server',
    defaults: {},
    accepts: 'host[:port], e.g. localhost:8080',
    summary: 'name the server uses for itself',
  },
];

/** httpd's description of the deprecated alias, as `httpd -L` prints it. */
export const ALIAS_USAGE: Readonly<Record<string, string>> = {
  MaxClients: 'Deprecated name of MaxRequestWorkers',
  MaxRequestsPerChild:
    'Maximum number of connections a particular child serves before dying. (DEPRECATED, use MaxConnectionsPerChild)',
};

const byLowerName = new Map<string, DirectiveSpec>();
for (const d of DIRECTIVES) {
  byLowerName.set(d.name.toLowerCase(), d);
  for (const a of d.aliases) byLowerName.set(a.toLowerCase(), d);
}

/** The lab directive for a name or alias, whatever its case. */
export function findDirective(name: string): DirectiveSpec | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** The alias as httpd spells it, if `name` is one. */
export function aliasName(name: string): string | undefined {
  const spec = findDirective(name);
  return spec?.aliases.find((a) => a.toLowerCase() === name.toLowerCase());
}

export function usageFor(spec: DirectiveSpec, model: ModelName, writtenName?: string): string {
  const alias = writtenName ? aliasName(writtenName) : undefined;
  if (alias) return ALIAS_USAGE[alias] ?? '';
  return typeof spec.usage === 'string' ? spec.usage : (spec.usage[model] ?? Object.values(spec.usage)[0] ?? '');
}

export function appliesTo(spec: DirectiveSpec, model: ModelName): boolean {
  return spec.models.includes(model);
}

/** The httpd module that provides the MPM, as <IfModule> and LoadModule name it. */
export const MPM_MODULE: Readonly<Record<ModelName, { symbol: string; file: string }>> = {
  prefork: { symbol: 'mpm_prefork_module', file: 'prefork.c' },
  worker: { symbol: 'mpm_worker_module', file: 'worker.c' },
  event: { symbol: 'mpm_event_module', file: 'event.c' },
};

/** Prefork's idle counts and the threaded MPMs' counterparts, for "did you mean" across models. */
export const COUNTERPART: Readonly<Partial<Record<DirectiveName, Partial<Record<ModelName, DirectiveName>>>>> = {
  MinSpareServers: { worker: 'MinSpareThreads', event: 'MinSpareThreads' },
  MaxSpareServers: { worker: 'MaxSpareThreads', event: 'MaxSpareThreads' },
  MinSpareThreads: { prefork: 'MinSpareServers' },
  MaxSpareThreads: { prefork: 'MaxSpareServers' },
};
