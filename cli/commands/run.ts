// `mpm-lab run MODEL`: the lab in the foreground. This process is the parent: it answers
// httpd's signals as `apachectl -k` sends them.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatConfigError } from '../../labs/config/describe.ts';
import { resolveConfig } from '../../labs/config/resolve.ts';
import { ConfigError, MODEL_NAMES } from '../../labs/config/types.ts';
import type { ConfigInput, ModelName, ResolvedConfig } from '../../labs/config/types.ts';
import { createMpm } from '../../labs/models.ts';
import { runtimeDifferences } from '../../labs/runtime/differences.ts';
import type { LabEvent, Mpm } from '../../labs/mpm.ts';
import { printConfigReport } from '../config-report.ts';
import { collect } from '../set-option.ts';
import { startDashboard } from '../tui/dashboard.ts';
import { UsageError, parsePort } from '../usage-error.ts';

interface RunOptions {
  port?: string;
  config?: string;
  set?: string[];
  headless?: boolean;
}

export function parseModel(value: string): ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`unknown model "${value}". The models are: ${MODEL_NAMES.join(', ')}.\n  Example: mpm-lab run prefork`);
  }
  return value as ModelName;
}

/**
 * `mpm-lab ctl` leaves this file in the run folder before it signals. With a terminal
 * attached, SIGWINCH also means "the window was resized" and SIGHUP "the terminal closed";
 * the marker tells the parent the signal came from ctl (see README: ctl).
 */
export const CTL_MARKER = 'ctl-request';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a model live on 127.0.0.1 (foreground): prefork, worker or event')
    .argument('<model>', 'prefork | worker | event')
    .option('-p, --port <N>', 'port on 127.0.0.1 (0 picks a free one)', undefined)
    .option('-f, --config <FILE>', 'an httpd.conf-style file')
    .option('-s, --set <Directive=value>', 'set a directive (repeatable)', collect, [])
    .option('--headless', 'print log lines instead of the live view (implied when stdout is not a terminal)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mpm-lab run prefork\n  $ mpm-lab run prefork --port 0 --set StartServers=2 --set MaxRequestWorkers=8\n  $ mpm-lab run event --config fixtures/event-small.conf --headless',
    )
    .action(async (modelArg: string, opts: RunOptions) => {
      const model = parseModel(modelArg);
      const input: ConfigInput = {
        model,
        file: opts.config,
        sets: opts.set ?? [],
        port: opts.port === undefined ? undefined : parsePort(opts.port),
      };
      const resolved = resolveConfig(input);
      await runLab(resolved, input, { headless: opts.headless === true || !process.stdout.isTTY });
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
  // Whoever reads our output may go away (a closed pipe): the lab goes on, quietly, until
  // the launcher check below stops it. Writing about a failed write would only fail again.
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
  const fromCtl = (action: string): boolean => {
    const marker = path.join(runDir, CTL_MARKER);
    try {
      const said = fs.readFileSync(marker, 'utf8').trim();
      fs.rmSync(marker, { force: true });
      return said === action;
    } catch {
      return false;
    }
  };
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
