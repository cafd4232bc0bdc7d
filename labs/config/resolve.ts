// resolveConfig: the file (httpd's read and walk phases), then --set, then --port, then httpd's
// corrections; the result says where every value came from and what httpd would have printed.

import path from 'node:path';
import { applySets } from './cli-sets.ts';
import { applyCorrections } from './corrections.ts';
import type { MpmSettings } from './corrections.ts';
import { explain } from './explain.ts';
import { readConfigFile } from './file.ts';
import type { ReadResult } from './file.ts';
import { MPM_MODULE } from './directives.ts';
import { Settings } from './state.ts';
import type { ListenChoice, MutableLabConfig } from './state.ts';
import { ConfigError, MODEL_NAMES } from './types.ts';
import type { ConfigInput, DirectiveName, LabConfig, ListenAddress, ModelName, ResolvedConfig, Source } from './types.ts';
import { walkLines } from './walk.ts';

export const DEFAULT_LISTEN: Readonly<ListenAddress> = { host: '127.0.0.1', port: 8080 };

const MPM_KEYS: readonly (keyof MpmSettings)[] = [
  'StartServers',
  'MinSpareServers',
  'MaxSpareServers',
  'MinSpareThreads',
  'MaxSpareThreads',
  'MaxRequestWorkers',
  'ServerLimit',
  'ThreadsPerChild',
  'ThreadLimit',
];

export function checkModel(model: string): ModelName {
  if ((MODEL_NAMES as readonly string[]).includes(model)) return model as ModelName;
  throw new ConfigError(`unknown MPM '${model}'`, {
    hint: `choose one of ${MODEL_NAMES.join(', ')}`,
  });
}

/** httpd's ap_check_mpm on a restart: the file now loads another MPM; the lab keeps the one it has. */
function mpmChanged(running: ModelName, next: ModelName, read: ReadResult | undefined): ConfigError {
  return new ConfigError('AH00534: httpd: Configuration error: The MPM cannot be changed during restart.', {
    ...(read ? { file: read.file } : {}),
    ...(read?.modelFrom.kind === 'file' ? { line: read.modelFrom.line } : {}),
    directive: 'LoadModule',
    hint: `the lab runs ${running} and the file now loads ${MPM_MODULE[next].symbol}; to run ${next}, stop the lab (mpm-lab ctl stop) and start it again`,
  });
}

/** "file.conf:12", "--set X=8", "default" or how a value was derived. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `${source.file}:${source.line}`;
    case 'cli':
      return source.text;
    case 'derived':
      return source.from;
  }
}

export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const cwd = input.cwd ?? process.cwd();
  const env = input.env ?? process.env;
  const cliModel = input.model !== undefined ? checkModel(input.model) : undefined;
  const file = input.file !== undefined ? path.resolve(cwd, input.file) : undefined;
  const running = input.running;
  const read = file ? readConfigFile(file, { ...(cliModel ? { model: cliModel } : {}), ...(running ? { fallback: running } : {}), env }) : undefined;
  const model: ModelName = cliModel ?? read?.model ?? running ?? 'prefork';
  if (running && model !== running) throw mpmChanged(running, model, read);

  const settings = new Settings(model);
  if (!cliModel && !running && (!read || read.modelFrom.kind === 'default')) settings.note(explain.defaultModel());
  if (read) {
    settings.warnings.push(...read.warnings);
    read.notes.forEach((n) => settings.note(n));
    settings.ignored.push(...read.ignored);
    walkLines(read.lines, settings, read.file);
  }
  applySets(input.sets ?? [], settings, cwd);
  if (settings.values.get('RequestReadTimeout') === undefined) settings.note(explain.requestReadTimeoutOff());

  const listen = chooseListen(settings, input.port);

  const before: MpmSettings = Object.fromEntries(MPM_KEYS.map((k) => [k, settings.number(k)])) as unknown as MpmSettings;
  const corrected = applyCorrections(model, before);
  settings.warnings.push(...corrected.warnings);
  corrected.notes.forEach((n) => settings.note(n));
  for (const change of corrected.changes) {
    const was = settings.sources.get(change.directive) ?? { kind: 'default' };
    const how = change.code ? `corrected by httpd (${change.code})` : 'corrected silently by httpd';
    settings.sources.set(change.directive, {
      kind: 'derived',
      from: `${change.directive} ${change.from} (${describeSource(was)}), ${how}`,
    });
  }
  for (const k of MPM_KEYS) settings.values.set(k, corrected.values[k]);
  if (model === 'prefork') {
    for (const k of ['ThreadsPerChild', 'ThreadLimit'] as const) {
      settings.sources.set(k, { kind: 'derived', from: 'prefork runs one thread per child process' });
    }
    for (const k of ['MinSpareThreads', 'MaxSpareThreads'] as const) {
      settings.sources.set(k, { kind: 'derived', from: 'not used by prefork (httpd reports 0)' });
    }
  } else {
    for (const k of ['MinSpareServers', 'MaxSpareServers'] as const) {
      settings.sources.set(k, { kind: 'derived', from: `not used by ${model} (httpd reports 0)` });
    }
  }
  if (model !== 'event') settings.values.set('AsyncRequestWorkerFactor', 2);

  const config = buildConfig(model, settings, listen.address);
  const sources = Object.fromEntries([...settings.sources.entries()]) as Record<DirectiveName, Source>;
  sources.Listen = listen.source;
  const resolved: ResolvedConfig = {
    config,
    sources,
    warnings: settings.warnings,
    notes: settings.notes,
    ignored: [...settings.ignored].sort((a, b) => (a.file === b.file ? a.line - b.line : 0)),
  };
  if (file) resolved.file = file;
  return resolved;
}

function chooseListen(settings: Settings, port: number | undefined): { address: ListenAddress; source: Source } {
  const fromCli = settings.listens.filter((l) => l.source.kind === 'cli');
  const candidates: ListenChoice[] = fromCli.length > 0 ? fromCli : settings.listens;
  const chosen = candidates[0];
  for (const other of settings.listens) {
    if (other !== chosen) settings.note(explain.extraListen(other.line, other.written));
  }
  let address: ListenAddress;
  let source: Source;
  if (!chosen) {
    address = { ...DEFAULT_LISTEN };
    source = { kind: 'default' };
    if (port === undefined) settings.note(explain.defaultListen());
  } else {
    const host = chosen.spec.host;
    if (host === null) settings.note(explain.barePort(chosen.written, chosen.spec.port));
    else if (host.toLowerCase() === 'localhost') settings.note(explain.localhost(chosen.spec.port));
    address = { host: host === null || host.toLowerCase() === 'localhost' ? '127.0.0.1' : host, port: chosen.spec.port };
    source = chosen.source;
    if (chosen.spec.protocol && chosen.spec.protocol !== 'http') settings.note(explain.listenProtocol(chosen.spec.protocol));
  }
  if (port !== undefined) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`--port ${port}: not a port number`, {
        text: `--port ${port}`,
        hint: 'a port is a whole number from 1 to 65535, or 0 to let the system pick a free one',
      });
    }
    address = { ...address, port };
    source = { kind: 'cli', text: `--port ${port}` };
    settings.note(explain.portFromCli(port));
  }
  if (address.port > 0 && address.port < 1024) settings.note(explain.privilegedPort(address.port));
  return { address, source };
}

function buildConfig(model: ModelName, settings: Settings, listen: ListenAddress): LabConfig {
  const n = (k: DirectiveName) => settings.number(k);
  const config: MutableLabConfig = {
    model,
    StartServers: n('StartServers'),
    MinSpareServers: n('MinSpareServers'),
    MaxSpareServers: n('MaxSpareServers'),
    MinSpareThreads: n('MinSpareThreads'),
    MaxSpareThreads: n('MaxSpareThreads'),
    MaxRequestWorkers: n('MaxRequestWorkers'),
    ServerLimit: n('ServerLimit'),
    ThreadsPerChild: n('ThreadsPerChild'),
    ThreadLimit: n('ThreadLimit'),
    MaxConnectionsPerChild: n('MaxConnectionsPerChild'),
    KeepAlive: settings.values.get('KeepAlive') !== false,
    KeepAliveTimeout: n('KeepAliveTimeout'),
    MaxKeepAliveRequests: n('MaxKeepAliveRequests'),
    AsyncRequestWorkerFactor: n('AsyncRequestWorkerFactor'),
    Timeout: n('Timeout'),
    ListenBacklog: n('ListenBacklog'),
    Listen: listen,
  };
  for (const k of ['PidFile', 'ErrorLog', 'DocumentRoot', 'ServerName', 'RequestReadTimeout'] as const) {
    const v = settings.values.get(k);
    if (typeof v === 'string') config[k] = v;
  }
  return config;
}
