// `mpm-lab run MODEL`: the lab in the foreground. This process is the parent: it answers
// httpd's signals as `apachectl -k` sends them.
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, MODEL_NAMES } from '../../labs/config/types.ts';
import type { ConfigInput, ModelName, ResolvedConfig } from '../../labs/config/types.ts';
import { takeCtlRequest } from '../../labs/run/ctl-request.ts';
import type { LabEvent, Mpm } from '../../labs/mpm.ts';
import { exitWhenReaderGone } from '../reader-gone.ts';
import { configOption, portOption, setOption } from '../shared-options.ts';
import { UsageError, parsePort } from '../usage-error.ts';
import { missingModel, nearestName } from '../usage-text.ts';

// The engine, the config reader and the live view (blessed) load when a lab starts, not when
// `mpm-lab --help` or another command only registers this one (startup time: bench/startup.ts).
let resolveConfig: typeof import('../../labs/config/resolve.ts').resolveConfig;
let formatConfigError: typeof import('../../labs/config/describe.ts').formatConfigError;
let createMpm: typeof import('../../labs/models.ts').createMpm;
let runtimeDifferences: typeof import('../../labs/runtime/differences.ts').runtimeDifferences;
let printConfigReport: typeof import('../config-report.ts').printConfigReport;
let startDashboard: typeof import('../tui/dashboard.ts').startDashboard;
let nameRuntimeThreads: typeof import('../../labs/runtime/process-name.ts').nameRuntimeThreads;

async function loadRunModules(headless: boolean): Promise<void> {
  ({ resolveConfig } = await import('../../labs/config/resolve.ts'));
  ({ formatConfigError } = await import('../../labs/config/describe.ts'));
  ({ createMpm } = await import('../../labs/models.ts'));
  ({ runtimeDifferences } = await import('../../labs/runtime/differences.ts'));
  ({ printConfigReport } = await import('../config-report.ts'));
  ({ nameRuntimeThreads } = await import('../../labs/runtime/process-name.ts'));
  if (!headless) ({ startDashboard } = await import('../tui/dashboard.ts'));
}

interface RunOptions {
  port?: string;
  config?: string;
  set?: string[];
  headless?: boolean;
}

export function parseModel(value: string): ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(value)) {
    const near = nearestName(value, MODEL_NAMES);
    throw new UsageError(`unknown model "${value}".${near ? ` Did you mean ${near}?` : ''}\n  The models are: ${MODEL_NAMES.join(', ')}. Example: mpm-lab run prefork`);
  }
  return value as ModelName;
}


export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a model live on 127.0.0.1 (foreground): prefork, worker or event')
    .argument('[model]', 'prefork | worker | event (default: the LoadModule mpm_NAME_module line of --config)')
    .addOption(portOption('port on 127.0.0.1 (0 picks a free one)'))
    .addOption(configOption())
    .addOption(setOption())
    .option('--headless', 'print log lines instead of the live view (implied when stdout is not a terminal)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mpm-lab run prefork\n  $ mpm-lab run prefork --port 0 --set StartServers=2 --set MaxRequestWorkers=8\n  $ mpm-lab run --config fixtures/event-small.conf --headless   # event: the file loads mpm_event_module',
    )
    .action(async (modelArg: string | undefined, opts: RunOptions) => {
      if (modelArg === undefined && opts.config === undefined) throw new UsageError(missingModel('mpm-lab run', MODEL_NAMES));
      const input: ConfigInput = {
        ...(modelArg === undefined ? {} : { model: parseModel(modelArg) }),
        file: opts.config,
        sets: opts.set ?? [],
        port: opts.port === undefined ? undefined : parsePort(opts.port),
      };
      const headless = opts.headless === true || !process.stdout.isTTY;
      await loadRunModules(headless);
      const resolved = resolveConfig(input);
      // Read again on restart as it was read now, keeping the MPM it runs (httpd's ap_check_mpm).
      await runLab(resolved, { ...input, running: resolved.config.model }, { headless });
    });
}

async function runLab(resolved: ResolvedConfig, input: ConfigInput, options: { headless: boolean }): Promise<void> {
  printConfigReport(resolved, (line) => process.stderr.write(line + '\n'));
  // In the terminal UI the log is a pane (fed by the lab's events), so nothing is echoed, and
  // what children print goes there too; the events of the start are kept until the UI opens.
  const mpm = createMpm(resolved, options.headless ? {} : { echo: null, childOutput: 'log' });
  const backlog: LabEvent[] = [];
  const keep = options.headless ? null : mpm.onEvent((e) => backlog.push(e));
  const started = await mpm.start();
  process.stdout.write(
    `mpm-lab: ${mpm.name} lab on ${started.url} (parent pid ${started.pid})\n` +
      `  fault token: ${started.token} (also in ${path.join(started.runDir, 'token')}, readable only by you)\n` +
      runtimeDifferences(mpm.name).map((line) => `  note: ${line}\n`).join(''),
  );
  keep?.();
  const view = options.headless
    ? null
    : startDashboard({ mpm, started, backlog, reread: () => resolveConfig(input), onQuit: () => void mpm.stop() });
  installSignals(mpm, input, started.runDir, view !== null);
  nameRuntimeThreads(); // Deno starts a thread for signal listeners: the runtime's, not mpm-parent
  // Whoever reads our output may go away (a closed pipe): the lab goes on, quietly, until
  // the launcher check below stops it. Writing about a failed write would only fail again.
  process.stdout.removeListener('error', exitWhenReaderGone);
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  let failing = false;
  process.on('uncaughtException', (error) => {
    if (failing) process.exit(70);
    failing = true;
    view?.close();
    try {
      process.stderr.write(`mpm-lab: internal error in the parent: ${error.stack ?? error}\n`);
    } catch {
      // nowhere left to say it
    }
    void mpm.stop().finally(() => process.exit(70));
  });
  await mpm.stopped;
  view?.close();
  process.exit(failing ? 70 : 0); // stopped after an internal error: say so in the exit code
}

function installSignals(mpm: Mpm, input: ConfigInput, runDir: string, terminal: boolean): void {
  const reread = (): ResolvedConfig | undefined => {
    try {
      return resolveConfig(input);
    } catch (error) {
      // httpd's parent would stop here; the lab keeps serving with what it has and says why.
      const message = error instanceof ConfigError ? formatConfigError(error) : `mpm-lab: ${String(error)}`;
      process.stderr.write(`${message}\nmpm-lab: the configuration did not read; still serving with the running one.\n`);
      return undefined;
    }
  };
  // ctl leaves a note before SIGHUP and SIGWINCH, which terminals send too (labs/run/ctl-request.ts).
  const fromCtl = (action: string): boolean => takeCtlRequest(runDir) === action;
  process.on('SIGTERM', () => void mpm.stop());
  process.on('SIGINT', () => void mpm.stop());
  process.on('SIGHUP', () => {
    if (terminal && !fromCtl('restart')) {
      void mpm.stop(); // the terminal went away: nothing of the lab outlives it
      return;
    }
    const config = reread();
    if (config) void mpm.restart({ graceful: false, config });
  });
  process.on('SIGUSR1', () => {
    const config = reread();
    if (config) void mpm.restart({ graceful: true, config });
  });
  process.on('SIGWINCH', () => {
    // A terminal sends SIGWINCH on every resize: only ctl's means "stop gracefully" then.
    if (terminal && !fromCtl('graceful-stop')) return;
    void mpm.stop({ graceful: true });
  });
  // httpd daemonizes; the lab runs in the foreground, so when whatever started it has gone
  // (a closed terminal, a killed test runner), it stops rather than live on as an orphan.
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) {
      process.stderr.write('mpm-lab: the process that started this lab has gone; stopping the lab.\n');
      void mpm.stop();
    }
  }, 1000).unref();
}
