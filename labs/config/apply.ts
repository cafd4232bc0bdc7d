// Setting one directive's value, as its httpd handler does (set_* in prefork.c/worker.c/event.c,
// mpm_common.c, listen.c, core.c, http_core.c). A file is read the lenient httpd way (atoi); the
// command line is strict. Refusals carry httpd's own words plus how to fix them.

import path from 'node:path';
import { explain } from './explain.ts';
import type { DirectiveSpec } from './directives.ts';
import { aliasName } from './directives.ts';
import type { Settings } from './state.ts';
import { ConfigError } from './types.ts';
import type { Source } from './types.ts';
import {
  INT_MAX,
  INT_MIN,
  atoi,
  isLoopback,
  isPlainTime,
  isSpecialErrorLog,
  formatRequestReadTimeout,
  parseRequestReadTimeout,
  parseFactor,
  parseListen,
  parseServerName,
  parseTimeout,
  resolvePath,
  strictInteger,
} from './values.ts';

export interface ApplyInput {
  settings: Settings;
  spec: DirectiveSpec;
  written: string; // the name as written (may be an alias, any case)
  args: string[];
  source: Source;
  strict: boolean; // true for --set
  baseDir: string;
  where: { file?: string; line?: number; text: string };
}

const EXAMPLES: Partial<Record<string, string>> = {
  StartServers: '5',
  MinSpareServers: '5',
  MaxSpareServers: '10',
  MaxRequestWorkers: '16',
  ServerLimit: '16',
  ThreadsPerChild: '25',
  ThreadLimit: '64',
  MinSpareThreads: '25',
  MaxSpareThreads: '75',
  MaxConnectionsPerChild: '0',
  MaxKeepAliveRequests: '100',
  ListenBacklog: '511',
  Timeout: '60',
  KeepAliveTimeout: '5',
  AsyncRequestWorkerFactor: '2',
  KeepAlive: 'On',
  Listen: '127.0.0.1:8080',
  RequestReadTimeout: 'header=20-40,MinRate=500',
};

const ALIAS_CODES: Record<string, Record<string, string>> = {
  MaxClients: { prefork: 'AH00188', worker: 'AH00324', event: 'AH00521' },
  MaxRequestsPerChild: { prefork: 'AH00545', worker: 'AH00545', event: 'AH00545' },
};

export function example(name: string, strict: boolean): string {
  const value = EXAMPLES[name] ?? 'VALUE';
  return strict ? `--set ${name}=${value}` : `${name} ${value}`;
}

function fail(input: ApplyInput, message: string, hint?: string): never {
  throw new ConfigError(message, {
    file: input.where.file,
    line: input.where.line,
    directive: input.written,
    text: input.where.text,
    hint: hint ?? `${input.spec.name} takes ${input.spec.accepts}; e.g. ${example(input.spec.name, input.strict)}`,
  });
}

function notWhole(input: ApplyInput, value: string, unit = ''): never {
  if (/^[+-]?\d+$/.test(value.trim())) outOfRange(input, value.trim());
  return fail(input, `--set ${input.written}: '${value}' is not a whole number${unit}`);
}

/** A whole number beyond C's int: the command line refuses it; a file's atoi() would wrap it. */
function outOfRange(input: ApplyInput, value: string): never {
  const shown = value.length > 40 ? `${value.slice(0, 20)}...(${value.length} digits)` : value;
  return fail(
    input,
    `--set ${input.written}: ${shown} is out of range; httpd keeps this number in a C int, from ${INT_MIN} to ${INT_MAX}`,
    `in a config file httpd's atoi() would read it as ${atoi(value).value} (the int wraps around) and go on with that. ` +
      `${input.spec.name} takes ${input.spec.accepts}; e.g. ${example(input.spec.name, input.strict)}`,
  );
}

export function applyValue(input: ApplyInput): void {
  const { spec, settings, args, source, strict } = input;
  const arg = args[0] ?? '';
  const alias = aliasName(input.written);
  if (alias) {
    const code = ALIAS_CODES[alias]?.[settings.model];
    if (code) settings.note(explain.deprecatedAlias(alias, spec.name, code));
  }
  switch (spec.kind) {
    case 'number': {
      let value: number;
      if (strict) {
        const n = strictInteger(arg);
        if (n === undefined) notWhole(input, arg);
        value = n;
      } else {
        const r = atoi(arg);
        value = r.value;
        if (!r.exact) {
          settings.note(/^[+-]?\d+$/.test(arg) ? explain.bigValueWrapped(spec.name, arg, value) : explain.atoi(spec.name, arg, value));
        }
      }
      if (spec.name === 'ListenBacklog' && value < 1) {
        fail(input, 'ListenBacklog must be > 0', `ListenBacklog takes ${spec.accepts}; e.g. ${example('ListenBacklog', strict)} (the kernel also caps it at net.core.somaxconn)`);
      }
      if (spec.name === 'MaxConnectionsPerChild' && value < 0) {
        settings.note(explain.negativeRecycle(value));
        value = 0;
      }
      if (spec.name === 'MaxKeepAliveRequests' && value < 0) settings.note(explain.keepAliveNegative(value));
      settings.set(spec.name, value, source);
      return;
    }
    case 'seconds': {
      let seconds: number;
      if (strict) {
        const n = strictInteger(arg);
        if (n === undefined) {
          if (/^[+-]?\d+$/.test(arg.trim())) outOfRange(input, arg.trim());
          fail(input, `--set ${input.written}: '${arg}' is not a whole number of seconds`, `Timeout takes whole seconds in httpd 2.4 (no units); e.g. --set Timeout=60`);
        }
        seconds = n;
      } else {
        const r = atoi(arg);
        seconds = r.value;
        if (!r.exact) {
          settings.note(/^[+-]?\d+[a-zA-Z]+$/.test(arg) ? explain.timeoutUnit(arg, seconds) : explain.atoi(spec.name, arg, seconds));
        }
      }
      if (seconds <= 0) settings.note(explain.timeoutNotPositive(spec.name, seconds * 1000));
      settings.set(spec.name, seconds * 1000, source);
      return;
    }
    case 'time': {
      const r = parseTimeout(arg);
      if ('error' in r) fail(input, `${spec.name} has wrong format`);
      if (!isPlainTime(arg) && !/^[+-]/.test(arg)) settings.note(explain.timeUnitTail(spec.name, arg, r.ms));
      if (r.ms <= 0) settings.note(explain.timeoutNotPositive(spec.name, r.ms));
      settings.set(spec.name, r.ms, source);
      return;
    }
    case 'flag': {
      const lower = arg.toLowerCase();
      if (lower !== 'on' && lower !== 'off') {
        fail(input, `${spec.name} must be On or Off`, `write ${example(spec.name, strict)} or ${strict ? `--set ${spec.name}=Off` : `${spec.name} Off`}`);
      }
      if (args.length > 1) settings.note(explain.keepAliveExtraWords(args.join(' ')));
      settings.set(spec.name, lower === 'on', source);
      return;
    }
    case 'factor': {
      const r = parseFactor(arg);
      if ('error' in r) fail(input, r.error);
      if (r.configured !== r.effective) settings.note(explain.factorRounded(arg, r.effective));
      settings.set(spec.name, r.effective, source);
      return;
    }
    case 'listen':
      return applyListen(input);
    case 'path':
      return applyPath(input);
    case 'name': {
      const r = parseServerName(arg);
      if ('error' in r) fail(input, r.error);
      settings.set(spec.name, r.name, source);
      return;
    }
    case 'stages':
      return applyStages(input);
  }
}

/** RequestReadTimeout: each line sets the stages it names over those set before. */
function applyStages(input: ApplyInput): void {
  const { settings, spec, args, source } = input;
  const before = settings.values.get(spec.name);
  const earlier = typeof before === 'string' ? parseRequestReadTimeout(before.split(' ')) : { stages: {} };
  const r = parseRequestReadTimeout(args, 'stages' in earlier ? earlier.stages : {});
  if ('error' in r) fail(input, r.error);
  if (r.stages.handshake) settings.note(explain.handshakeStage());
  settings.note(explain.requestReadTimeoutOn());
  settings.set(spec.name, formatRequestReadTimeout(r.stages), source);
}

function applyListen(input: ApplyInput): void {
  const { settings, args } = input;
  const r = parseListen(args);
  if ('error' in r) fail(input, r.error);
  const written = args[0]!;
  if (r.unbracketedV6) {
    fail(
      input,
      `Listen ${written}: httpd reads this as address "${r.host}", port ${r.port}`,
      `write an IPv6 address in brackets: Listen [::1]:8080`,
    );
  }
  if (r.host !== null && !isLoopback(r.host)) {
    fail(
      input,
      `Listen ${written}: the lab only serves on the loopback interface, not on ${r.host}`,
      `use Listen 127.0.0.1:${r.port}, Listen [::1]:${r.port} or just Listen ${r.port}; the lab is for this machine only`,
    );
  }
  const key = JSON.stringify([r.host, r.port, input.source.kind]);
  if (settings.listenKeys.has(key)) {
    fail(input, 'Cannot define multiple Listeners on the same IP:port', 'remove one of the two Listen lines');
  }
  settings.listenKeys.add(key);
  settings.listens.push({ spec: r, source: input.source, written: args.join(' '), line: input.where.line });
}

function applyPath(input: ApplyInput): void {
  const { settings, spec, args, source } = input;
  const value = args[0]!;
  if (spec.name === 'ErrorLog' && isSpecialErrorLog(value)) {
    settings.note(explain.errorLogSpecial(value));
    return;
  }
  if (value.includes('${')) {
    settings.note(explain.unresolvedPath(spec.name, value));
    return;
  }
  if (!path.isAbsolute(value) && !input.strict) settings.note(explain.relativePaths(input.baseDir));
  if (spec.name === 'DocumentRoot') settings.note(explain.documentRootNotChecked());
  settings.set(spec.name, resolvePath(value, input.baseDir), source);
}
