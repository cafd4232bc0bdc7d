// `mpm-lab compare`: one bounded workload on prefork, worker and event in turn, with the same
// MaxRequestWorkers, and what happened side by side. This process is each lab's parent in
// turn; however it ends (the table, an error, Ctrl-C), no lab is left running.
import type { Command } from 'commander';
import type { Ora } from 'ora';
import type { Mpm } from '../../labs/mpm.ts';
import { WORKLOAD_NAMES, WORKLOAD_PURPOSE, isWorkloadName } from '../../labs/compare/workloads.ts';
import type { WorkloadName } from '../../labs/compare/workloads.ts';
import { DEFAULT_MAX_REQUEST_WORKERS, MAX_MAX_REQUEST_WORKERS } from '../../labs/compare/settings.ts';
import { jsonOption, setOption } from '../shared-options.ts';
import { UsageError } from '../usage-error.ts';
import { nearestName } from '../usage-text.ts';

interface CompareFlags {
  workload?: string;
  set?: string[];
  json?: boolean;
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export function parseWorkload(value: string): WorkloadName {
  if (isWorkloadName(value)) return value;
  const near = nearestName(value, WORKLOAD_NAMES);
  throw new UsageError(
    `--workload takes one of ${WORKLOAD_NAMES.join(', ')}; got "${value}".${near ? ` Did you mean ${near}?` : ''}\n` +
      '  e.g. `mpm-lab compare --workload crash`; `mpm-lab compare --help` says what each one shows.',
  );
}

const HELP_AFTER = `
Workloads (each bounded in count and time; the three models take well under 30 s together):
${WORKLOAD_NAMES.map((w) => `  ${w.padEnd(13)} ${WORKLOAD_PURPOSE[w]}`).join('\n')}

Settings: the three get the same MaxRequestWorkers (default ${DEFAULT_MAX_REQUEST_WORKERS}, at most ${MAX_MAX_REQUEST_WORKERS}): prefork starts that many
children; worker and event split it into 2 to 4 processes of ThreadsPerChild threads, all started at
once. --set applies to every model that has the directive: MaxRequestWorkers, KeepAliveTimeout,
Timeout, RequestReadTimeout... to all three; MinSpareServers and MaxSpareServers to prefork only;
ThreadsPerChild, MinSpareThreads and MaxSpareThreads to worker and event; AsyncRequestWorkerFactor
to event. Listen is refused: each lab gets a free port of 127.0.0.1.

Examples:
  $ mpm-lab compare
  $ mpm-lab compare --workload crash
  $ mpm-lab compare --workload slow-clients --set RequestReadTimeout=header=1
  $ mpm-lab compare --workload keepalive --set MaxRequestWorkers=8 --json`;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run one bounded workload on prefork, worker and event, and show the three side by side')
    .option('-w, --workload <name>', `${WORKLOAD_NAMES.join(' | ')} (default: fast)`)
    .addOption(setOption())
    .addOption(jsonOption('print the settings and every figure as JSON'))
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: CompareFlags) => {
      const workload = parseWorkload(flags.workload ?? 'fast');
      // loaded here, not at the top: `mpm-lab --help` should not pay for the engine
      const [{ prepareCompare, compareHeader, runCompare }, { CompareSettingError }, { CompareAborted, LabNotReady }, { renderHeader, renderTable, FOOTPRINT_NOTE }] =
        await Promise.all([
          import('../../labs/compare/run-compare.ts'),
          import('../../labs/compare/settings.ts'),
          import('../../labs/compare/run-model.ts'),
          import('../../labs/compare/table.ts'),
        ]);
      let prepared;
      try {
        prepared = prepareCompare(workload, flags.set ?? []); // every setting read before any lab starts
      } catch (error) {
        if (error instanceof CompareSettingError) throw new UsageError(error.message);
        throw error;
      }
      const header = compareHeader(prepared);
      if (!flags.json) process.stdout.write(renderHeader(header) + '\n');

      const guard = guardLabs();
      const spinner = await startSpinner();
      try {
        const report = await runCompare(prepared, {
          signal: guard.signal,
          onLab: guard.setLab,
          onStep: (text) => {
            if (spinner) spinner.text = text;
          },
        });
        spinner?.stop();
        process.stdout.write(flags.json ? JSON.stringify({ ...report, note: FOOTPRINT_NOTE.replace(/\n/g, ' ') }, null, 2) + '\n' : `${renderTable(report.runs)}\n${FOOTPRINT_NOTE}\n`);
      } catch (error) {
        spinner?.stop();
        if (error instanceof CompareAborted) {
          process.stderr.write('mpm-lab: compare interrupted; the lab it was running is stopped.\n');
          process.exit(guard.exitCode());
        }
        if (error instanceof LabNotReady) throw new UsageError(error.message, 1);
        throw error;
      } finally {
        guard.uninstall();
      }
    });
}

async function startSpinner(): Promise<Ora | null> {
  // Progress goes to stderr and only to a terminal, so stdout stays clean for pipes and --json.
  if (!process.stderr.isTTY) return null;
  const { default: ora } = await import('ora');
  // discardStdin off: ora's raw mode would take Ctrl-C as a byte it never reads (stdin is not
  // flowing), and the comparison would not stop; cooked, the terminal sends SIGINT.
  return ora({ text: 'starting', stream: process.stderr, discardStdin: false }).start();
}

/**
 * Ctrl-C, SIGTERM, SIGHUP or the launcher going away stop the comparison and the lab it runs;
 * a second signal, or an exit for any other reason, kills that lab's children at once.
 */
function guardLabs() {
  const abort = new AbortController();
  let lab: Mpm | null = null;
  let code = 130;
  const killNow = () => {
    if (!lab) return;
    let pids: number[] = [];
    try {
      pids = lab.scoreboard().processes.map((p) => p.pid).filter((pid) => pid > 0);
    } catch {
      // the scoreboard is gone: the lab has stopped
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, exitCode]) => {
    const handler = () => {
      if (abort.signal.aborted) process.exit(code); // a second one: do not wait (the exit hook kills the children)
      code = exitCode!;
      abort.abort();
    };
    process.on(signal as NodeJS.Signals, handler);
    return [signal as NodeJS.Signals, handler] as const;
  });
  process.on('exit', killNow);
  const launcher = process.ppid;
  const orphan = setInterval(() => {
    if (process.ppid !== launcher) {
      code = 129;
      abort.abort();
    }
  }, 1000);
  orphan.unref();
  return {
    signal: abort.signal,
    setLab: (mpm: Mpm | null) => {
      lab = mpm;
    },
    exitCode: () => code,
    uninstall: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.off('exit', killNow);
      clearInterval(orphan);
    },
  };
}
