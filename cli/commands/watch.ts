// `mpm-lab watch URL`: the lab's scoreboard and process view for any httpd's /server-status,
// the lab's or a real Apache's, so that what was learned here reads a real server too.
import type { Command } from 'commander';
import { MIN_INTERVAL_MS } from '../../labs/watch/interval.ts';
import type { StatusUrl } from '../../labs/watch/status-url.ts';
import { UsageError, parseWholeNumber } from '../usage-error.ts';

interface WatchFlags {
  interval?: string;
  once?: boolean;
  headless?: boolean;
}

async function statusUrl(input: string): Promise<StatusUrl> {
  // loaded here, not at the top: `mpm-lab --help` should not pay for the URL checks (node:net)
  const [{ parseStatusUrl }, { TargetError }] = await Promise.all([import('../../labs/watch/status-url.ts'), import('../../labs/client/errors.ts')]);
  try {
    return parseStatusUrl(input);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description("watch any httpd's /server-status (the lab's or a real Apache's): scoreboard and processes")
    .argument('<url>', 'the status page, e.g. http://127.0.0.1:8080/server-status (needs mod_status; ExtendedStatus On shows requests)')
    .option('-i, --interval <ms>', `how often to read it, ${MIN_INTERVAL_MS} to 60000 ms (default: 1000)`)
    .option('--once', 'read it once, print the view as text and exit')
    .option('--headless', 'print one line per change instead of the screen (implied when stdout is not a terminal)')
    .addHelpText(
      'after',
      '\nOn this machine the processes and threads come from /proc, as ps shows them; for another\n' +
        'machine, from the ExtendedStatus table. watch sends one request at a time and no load.\n\n' +
        'Examples:\n  $ mpm-lab watch http://127.0.0.1:8080/server-status\n  $ mpm-lab watch 127.0.0.1:80 --once',
    )
    .action(async (input: string, flags: WatchFlags) => {
      const intervalMs = parseWholeNumber('--interval', flags.interval ?? '1000', MIN_INTERVAL_MS, 60_000);
      const url = await statusUrl(input);
      if (flags.once) return printOnce(url);
      if (flags.headless || !process.stdout.isTTY) return printLines(url, intervalMs);
      const { startWatchScreen } = await import('../tui/watch-screen.ts'); // blessed: only for the screen
      await new Promise<void>((resolve) => {
        const view = startWatchScreen({ url, intervalMs, onQuit: resolve });
        const end = () => {
          view.close();
          resolve();
        };
        for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, end);
        process.once('uncaughtException', (error) => {
          view.close();
          process.stderr.write(`mpm-lab watch: internal error: ${error.stack ?? error}\n`);
          process.exit(70);
        });
      });
      process.exit(0);
    });
}

async function printOnce(url: StatusUrl): Promise<void> {
  // loaded here, not at the top: `mpm-lab --help` should not pay for the HTTP client and /proc
  const [{ readStatus }, { commonParent, findServerRoot }, { readTree }] = await Promise.all([
    import('../../labs/watch/read-status.ts'),
    import('../../labs/watch/find-server.ts'),
    import('../../labs/proc/read-tree.ts'),
  ]);
  let reading;
  try {
    reading = await readStatus(url);
  } catch (error) {
    throw new UsageError((error as Error).message, 1);
  }
  let procs = null;
  if (url.loopback) {
    const root = findServerRoot(url.port) ?? commonParent(reading.slots.map((s) => s.pid).filter((p) => p > 0));
    procs = root !== null ? readTree(root) : null;
  }
  const { watchFrame } = await import('../tui/watch-text.ts');
  process.stdout.write(watchFrame(url.page, reading, procs, Math.max(60, process.stdout.columns ?? 80)));
}

async function printLines(url: StatusUrl, intervalMs: number): Promise<void> {
  const [{ watchLogLine }, { pollStatus }] = await Promise.all([import('../tui/watch-text.ts'), import('../../labs/watch/poll-status.ts')]);
  await new Promise<void>((resolve) => {
    let last = '';
    const poller = pollStatus(url, intervalMs, {
      reading: (r) => {
        const line = watchLogLine(r);
        const key = line.slice(line.indexOf(' ') + 1);
        if (key !== last) process.stdout.write(line + '\n');
        last = key;
      },
      error: (message) => process.stderr.write(`mpm-lab watch: ${message}\n`),
    });
    const end = () => {
      poller.stop();
      resolve();
    };
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, end);
  });
}
