// `mpm-lab load`: a bounded load on the lab, like `ab -c C -n N [-k]`, reporting what happened
// to the requests and which processes served them.
import type { Command } from 'commander';
import type { Ora } from 'ora';
import type { LoadResult } from '../../labs/client/types.ts';
import { findLab } from '../../labs/run/run-dir.ts';
import type { LoadRun } from '../plain/load-text.ts';
import { jsonOption, portOption } from '../shared-options.ts';
import { UsageError, parseLabPort, parseWholeNumber } from '../usage-error.ts';
import { urlOrPort } from '../usage-text.ts';

const MAX_DURATION_MS = 120_000;

interface LoadFlags {
  concurrency?: string;
  requests?: string;
  keepalive?: boolean;
  timeout?: string;
  port?: string;
  json?: boolean;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('send a bounded load to the lab and report every outcome, like ab')
    .argument('[url]', "where to send it, on this machine only (default: the running lab's URL)")
    .addOption(portOption('send it to the running lab on this port (instead of a URL)'))
    .option('-c, --concurrency <n>', 'requests in flight at once, 1 to 1000 (default: 10)')
    .option('-n, --requests <n>', 'requests to send in all, 1 to 100000 (default: 100)')
    .option('-k, --keepalive', 'reuse each connection (HTTP keep-alive), as ab -k')
    .option('--timeout <ms>', 'per-request timeout in milliseconds, 1 to 600000 (default: 30000)')
    .addOption(jsonOption('print the result as JSON, every request included'))
    .addHelpText('after', `\nThe load stops by itself after ${MAX_DURATION_MS / 1000} s at most.\n\nExample:\n  $ mpm-lab load http://127.0.0.1:8080/ -c 20 -n 500 --keepalive`)
    .action(async (url: string | undefined, flags: LoadFlags) => {
      // Options first: a wrong value is reported even when no lab is running.
      const concurrency = parseWholeNumber('-c/--concurrency', flags.concurrency ?? '10', 1, 1000);
      const requests = parseWholeNumber('-n/--requests', flags.requests ?? '100', 1, 100_000);
      const timeoutMs = parseWholeNumber('--timeout', flags.timeout ?? '30000', 1, 600_000);
      const port = flags.port === undefined ? undefined : parseLabPort(flags.port);
      if (url !== undefined && port !== undefined) throw new UsageError(urlOrPort());
      const run: LoadRun = { url: url ?? findLab(port).url, concurrency, requests, keepAlive: flags.keepalive === true, timeoutMs };
      const result = await loadWithSpinner(run);
      const { renderLoad } = await import('../plain/load-text.ts');
      process.stdout.write(flags.json ? JSON.stringify({ options: run, ...result }, null, 2) + '\n' : renderLoad(run, result));
    });
}

async function loadWithSpinner(run: LoadRun): Promise<LoadResult> {
  // loaded here, not at the top: `mpm-lab --help` should not pay for the client and the spinner
  const [{ default: ora }, { runLoad }, { NotListeningError, TargetError }] = await Promise.all([
    import('ora'),
    import('../../labs/client/run-load.ts'),
    import('../../labs/client/errors.ts'),
  ]);
  // Progress goes to stderr and only to a terminal, so stdout stays clean for pipes and --json.
  // discardStdin false: ora's raw-mode stdin would swallow Ctrl-C, and the load could not be stopped.
  const spinner: Ora | null = process.stderr.isTTY ? ora({ text: `sending ${run.requests} requests to ${run.url}`, stream: process.stderr, discardStdin: false }).start() : null;
  const abort = new AbortController();
  const onInterrupt = () => abort.abort(); // Ctrl-C stops the load and still prints what happened
  process.once('SIGINT', onInterrupt);
  try {
    const result = await runLoad({ ...run, maxDurationMs: MAX_DURATION_MS, signal: abort.signal }, (p) => {
      if (spinner) spinner.text = `${p.done}/${p.total} done: ${p.ok} ok, ${p.failed} failed (${(p.elapsedMs / 1000).toFixed(1)} s)`;
    });
    spinner?.stop();
    return result;
  } catch (error) {
    spinner?.stop();
    if (error instanceof TargetError || error instanceof NotListeningError) throw new UsageError(error.message, error.exitCode);
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
