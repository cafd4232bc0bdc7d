// Lab notes: one or two plain sentences where httpd is silent or surprising, or where the lab
// differs from httpd. Every note the config reader can give is written here.

import type { LabNote } from './types.ts';

const note = (directive: string, text: string): LabNote => ({ directive, text });

export const explain = {
  defaultModel: (): LabNote =>
    note(
      'LoadModule',
      'No MPM was chosen on the command line or with a LoadModule line, so the lab uses prefork. httpd itself would stop with "AH00534: httpd: Configuration error: No MPM loaded."',
    ),
  defaultListen: (): LabNote =>
    note(
      'Listen',
      'No Listen line: the lab serves on 127.0.0.1:8080, its own choice. httpd has no default and stops with "no listening sockets available, shutting down".',
    ),
  barePort: (text: string, port: number): LabNote =>
    note(
      'Listen',
      `"Listen ${text}" means every network interface in httpd; the lab only binds the loopback interface, so it serves on 127.0.0.1:${port}.`,
    ),
  localhost: (port: number): LabNote =>
    note(
      'Listen',
      `httpd binds every address "localhost" resolves to (often 127.0.0.1 and ::1); the lab binds 127.0.0.1:${port}.`,
    ),
  extraListen: (line: number | undefined, text: string): LabNote =>
    note(
      'Listen',
      `"Listen ${text}"${line ? ` at line ${line}` : ''} is not used: httpd would listen on every Listen address, the lab serves on the first one only.`,
    ),
  listenProtocol: (protocol: string): LabNote =>
    note('Listen', `The protocol argument "${protocol}" is ignored: the lab speaks plain HTTP/1.1 only.`),
  privilegedPort: (port: number): LabNote =>
    note(
      'Listen',
      `Port ${port} is below 1024: only root may bind it on most systems. httpd starts as root for this and then runs its children as another user; the lab runs as you, so pick a port of 1024 or more (or use --port).`,
    ),
  portFromCli: (port: number): LabNote =>
    note('Listen', port === 0 ? '--port 0: the system picks a free port when the lab starts.' : `--port ${port} replaces the port of Listen.`),
  relativePaths: (dir: string): LabNote =>
    note(
      'ServerRoot',
      `Relative paths (PidFile, ErrorLog, DocumentRoot) start at the config file's folder, ${dir}. httpd starts them at ServerRoot instead.`,
    ),
  serverRootIgnored: (): LabNote =>
    note('ServerRoot', "ServerRoot is not used: the lab takes relative paths from the config file's folder."),
  includeIgnored: (): LabNote =>
    note(
      'Include',
      'Include and IncludeOptional are not followed: the lab reads a single file. Paste the content of the included files (mods-enabled/mpm_*.conf, ports.conf) into it.',
    ),
  otherModulesNotLoaded: (condition: string, line: number, taken: boolean): LabNote =>
    note(
      'IfModule',
      `<IfModule ${condition}> at line ${line} was ${taken ? 'taken' : 'skipped'}: the lab counts only its own MPM (and httpd's core) as loaded, every other module as absent.`,
    ),
  unclosedIfModule: (line: number): LabNote =>
    note(
      'IfModule',
      `The <IfModule> opened at line ${line} is never closed. httpd does not notice: the rest of the file simply belongs to the block.`,
    ),
  virtualHostOnly: (directive: string, line: number): LabNote =>
    note(
      directive,
      `${directive} at line ${line} is inside <VirtualHost>: in httpd it applies to that virtual host only. The lab serves one server and does not use it.`,
    ),
  sectionIgnored: (): LabNote =>
    note(
      '<Directory>',
      'Sections such as <Directory>, <Files>, <Location> and <VirtualHost>, and everything inside them, are accepted and not used: the lab serves one document tree with no per-folder rules.',
    ),
  atoi: (directive: string, written: string, value: number): LabNote =>
    note(
      directive,
      `httpd reads "${directive} ${written}" with C's atoi(), which keeps the leading digits and gives ${value}; no error is printed. httpd's corrections then apply to ${value}.`,
    ),
  timeoutUnit: (written: string, seconds: number): LabNote =>
    note(
      'Timeout',
      `Timeout takes whole seconds in httpd 2.4 (atoi, no units): "Timeout ${written}" means ${seconds} seconds. Units such as "ms" work for KeepAliveTimeout, not here.`,
    ),
  timeUnitTail: (directive: string, written: string, ms: number): LabNote =>
    note(
      directive,
      `httpd reads only the first letters of the unit in "${directive} ${written}", so it means ${ms} ms.`,
    ),
  factorRounded: (written: string, effective: number): LabNote =>
    note(
      'AsyncRequestWorkerFactor',
      `AsyncRequestWorkerFactor ${written} works as ${effective}: httpd stores it in sixteenths (at least 1) and its listener divides them as whole numbers, so the fraction is dropped.`,
    ),
  keepAliveNegative: (value: number): LabNote =>
    note(
      'MaxKeepAliveRequests',
      `MaxKeepAliveRequests ${value} is below 0: httpd then never keeps a connection open after its first request, as if KeepAlive were Off.`,
    ),
  negativeRecycle: (value: number): LabNote =>
    note(
      'MaxConnectionsPerChild',
      `MaxConnectionsPerChild ${value} is not a documented value (0 means "never recycle"); the lab takes it as 0.`,
    ),
  timeoutNotPositive: (directive: string, ms: number): LabNote =>
    note(
      directive,
      `${directive} of ${ms} ms: httpd accepts it without a word, but a timeout of 0 or less does not wait at all (or waits forever). Choose a few seconds.`,
    ),
  deprecatedAlias: (alias: string, name: string, code: string): LabNote =>
    note(
      name,
      `${alias} is the old name of ${name}; httpd logs "${code}: ${alias} is deprecated, use ${name} instead." at level info, which the default LogLevel warn does not show.`,
    ),
  errorLogSpecial: (value: string): LabNote =>
    note('ErrorLog', `ErrorLog "${value}" sends the log to a program or to syslog in httpd; the lab writes its error log to a file only, so it uses its own.`),
  unresolvedPath: (directive: string, value: string): LabNote =>
    note(
      directive,
      `${directive} "${value}" still holds an undefined \${VARIABLE} (on Debian they come from /etc/apache2/envvars, which apache2ctl reads first), so the lab does not use it.`,
    ),
  documentRootNotChecked: (): LabNote =>
    note(
      'DocumentRoot',
      'httpd refuses to start when DocumentRoot is not an existing folder; this reader does not look at the disk, so the check happens when the lab serves files.',
    ),
  duplicateMpm: (module: string): LabNote =>
    note('LoadModule', `${module} is loaded twice; httpd skips the second LoadModule with a warning.`),
  startServersCapped: (unit: string, from: number, to: number): LabNote =>
    note(
      'StartServers',
      `StartServers ${from} is more than the ${to} ${unit} MaxRequestWorkers allows: httpd starts ${to} without a warning (prefork_run/worker_run/event_run cap it silently).`,
    ),
  maxSpareServersRaised: (from: number, to: number): LabNote =>
    note(
      'MaxSpareServers',
      `MaxSpareServers ${from} is not above MinSpareServers: httpd silently uses ${to} (MinSpareServers + 1), or it would stop and fork children all the time.`,
    ),
  maxSpareThreadsRaised: (from: number, to: number): LabNote =>
    note(
      'MaxSpareThreads',
      `MaxSpareThreads ${from} leaves no room for a whole child: httpd silently uses ${to} (MinSpareThreads + ThreadsPerChild + 1), or it would stop and fork children all the time.`,
    ),
  processLimitOnly: (asked: number, effective: number): LabNote =>
    note(
      'MaxRequestWorkers',
      `httpd keeps MaxRequestWorkers at ${asked} internally but starts no more processes than ServerLimit allows, so at most ${effective} requests run at once; the lab shows ${effective}.`,
    ),
  bigValueWrapped: (directive: string, written: string, value: number): LabNote =>
    note(directive, `"${written}" does not fit in a C int: httpd's atoi() turns it into ${value}.`),
  requestReadTimeoutOff: (): LabNote =>
    note(
      'RequestReadTimeout',
      'RequestReadTimeout is not set, so the lab reads requests as httpd does without mod_reqtimeout: only Timeout bounds a slow client, one read at a time, and a client that sends a byte now and then keeps its worker for as long as it likes. Debian\'s apache2 loads mod_reqtimeout, whose default is header=20-40,MinRate=500 body=20,MinRate=500; give it (e.g. --set RequestReadTimeout=header=20-40,MinRate=500) to try it.',
    ),
  requestReadTimeoutOn: (): LabNote =>
    note(
      'RequestReadTimeout',
      'RequestReadTimeout is mod_reqtimeout\'s: httpd knows it only with that module loaded (Debian loads it). A stage it does not name keeps the module\'s default (header=20-40,MinRate=500, body=20,MinRate=500); a client too slow for it loses its connection (with a 408 once its request line is in) and its worker is freed, and the error log says "AH01382: Request header read timeout" at level info.',
    ),
  handshakeStage: (): LabNote =>
    note('RequestReadTimeout', 'The handshake= stage times the TLS handshake; the lab speaks plain HTTP, so it has nothing to time.'),
  keepAliveExtraWords: (written: string): LabNote =>
    note('KeepAlive', `"KeepAlive ${written}": httpd reads only the first word of an On/Off directive and ignores the rest.`),
};
