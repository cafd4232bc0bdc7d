// `mpm-lab config`: the effective settings after httpd's corrections, where each came from,
// what httpd would say about them, and the capacity they give.
import path from 'node:path';
import type { Command } from 'commander';
import { describeCapacity, formatHttpdWarning } from '../../labs/config/describe.ts';
import { DIRECTIVES } from '../../labs/config/directives.ts';
import type { DirectiveName, LabConfig, ResolvedConfig } from '../../labs/config/types.ts';
import { configOption, jsonOption, portOption, setOption } from '../shared-options.ts';
import { parsePort } from '../usage-error.ts';
import { parseModel } from './run.ts';

// The config reader loads when the command runs, not when `mpm-lab --help` lists it.
let resolveConfig: typeof import('../../labs/config/resolve.ts').resolveConfig;
let describeSource: typeof import('../../labs/config/resolve.ts').describeSource;

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description("the effective settings after httpd's corrections, their sources, httpd's warnings and the capacity they give")
    .argument('[model]', 'prefork | worker | event (default: the LoadModule line of the file, else prefork)')
    .addOption(configOption())
    .addOption(setOption())
    .addOption(portOption('the port, as `run` would use it'))
    .addOption(jsonOption('print JSON: the settings, sources, warnings, notes and capacity'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ mpm-lab config worker --set MaxRequestWorkers=10 --set ThreadsPerChild=4\n  $ mpm-lab config --config /etc/apache2/apache2.conf',
    )
    .action(async (modelArg: string | undefined, opts: { config?: string; set?: string[]; port?: string; json?: boolean }) => {
      ({ resolveConfig, describeSource } = await import('../../labs/config/resolve.ts'));
      const resolved = resolveConfig({
        model: modelArg === undefined ? undefined : parseModel(modelArg),
        file: opts.config,
        sets: opts.set ?? [],
        port: opts.port === undefined ? undefined : parsePort(opts.port),
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ...resolved, capacity: describeCapacity(resolved.config) }, null, 2) + '\n');
        return;
      }
      process.stdout.write(renderConfigReport(resolved).join('\n') + '\n');
    });
}

function show(config: LabConfig, name: DirectiveName): string {
  const v = config[name];
  if (v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'On' : 'Off';
  if (typeof v === 'object') return `${v.host.includes(':') ? `[${v.host}]` : v.host}:${v.port}`;
  if (name === 'KeepAliveTimeout' || name === 'Timeout') return Number(v) % 1000 === 0 ? `${Number(v) / 1000} s` : `${v} ms`;
  return String(v);
}

function shortSource(resolved: ResolvedConfig, name: DirectiveName): string {
  const source = resolved.sources[name];
  if (!source) return '';
  if (source.kind === 'file') return `${path.relative(process.cwd(), source.file) || source.file}:${source.line}`;
  return describeSource(source);
}

export function renderConfigReport(resolved: ResolvedConfig): string[] {
  const c = resolved.config;
  const out: string[] = [];
  out.push(`${c.model} settings${resolved.file ? ` from ${path.relative(process.cwd(), resolved.file) || resolved.file}` : ''}, after httpd's corrections`);
  out.push('');
  out.push(`  ${'directive'.padEnd(24)} ${'value'.padEnd(16)} source`);
  for (const spec of DIRECTIVES) {
    if (!spec.models.includes(c.model)) continue;
    const value = show(c, spec.name);
    if (value === '-' && resolved.sources[spec.name]?.kind === 'default') continue;
    out.push(`  ${spec.name.padEnd(24)} ${value.padEnd(16)} ${shortSource(resolved, spec.name)}`);
  }
  if (resolved.warnings.length > 0) {
    out.push('', 'httpd would print:');
    for (const w of resolved.warnings) out.push(`  ${formatHttpdWarning(w)}`);
  }
  if (resolved.notes.length > 0) {
    out.push('', 'Notes:');
    for (const n of resolved.notes) out.push(`  - ${n.text}`);
  }
  if (resolved.ignored.length > 0) {
    const names = [...new Set(resolved.ignored.map((i) => i.directive))];
    out.push('', `Ignored (the lab does not use them): ${names.join(', ')}`);
  }
  const cap = describeCapacity(c);
  out.push('', 'Capacity:');
  out.push(`  child processes at most   ${cap.processes}${c.model === 'prefork' ? '' : `  (MaxRequestWorkers ${c.MaxRequestWorkers} / ThreadsPerChild ${c.ThreadsPerChild})`}`);
  out.push(`  started at startup        ${cap.startProcesses}`);
  if (c.model !== 'prefork') out.push(`  worker threads per child  ${cap.threadsPerChild}`);
  out.push(`  concurrent requests       ${cap.concurrentRequests}`);
  out.push(`  idle spares kept          ${cap.idleSparesMin} to ${cap.idleSparesMax} ${cap.idleUnit}`);
  out.push(
    `  keep-alive                ${
      cap.keepAliveHoldsWorker
        ? `an idle keep-alive connection holds its ${c.model === 'prefork' ? 'process' : 'thread'} for up to ${show(c, 'KeepAliveTimeout')}`
        : 'idle keep-alive connections wait in the listener, not in a thread'
    }`,
  );
  if (cap.event) {
    out.push(
      `  connections at most       ${cap.event.maxConnectionsWhenIdle} when idle (${cap.event.maxConnectionsPerProcessWhenIdle} a process: ThreadsPerChild + AsyncRequestWorkerFactor x idle threads)`,
    );
  }
  return out;
}
