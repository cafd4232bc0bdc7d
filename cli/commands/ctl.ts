// `mpm-lab ctl ACTION`: what `apachectl -k ACTION` does, by signal to the lab's parent.
import path from 'node:path';
import type { Command } from 'commander';
import { findLab } from '../../labs/run/run-dir.ts';
import { portOption } from '../shared-options.ts';
import { UsageError, parseLabPort } from '../usage-error.ts';
import { leaveCtlRequest } from '../../labs/run/ctl-request.ts';

const ACTIONS = {
  stop: { signal: 'SIGTERM', says: 'stop now (SIGTERM)' },
  restart: { signal: 'SIGHUP', says: 'restart now, reading the config again (SIGHUP)' },
  graceful: { signal: 'SIGUSR1', says: 'graceful restart: children finish their requests, the config is read again (SIGUSR1)' },
  'graceful-stop': { signal: 'SIGWINCH', says: 'graceful stop: children finish their requests, then the lab exits (SIGWINCH)' },
} as const;
type Action = keyof typeof ACTIONS;

export function registerCtl(program: Command): void {
  program
    .command('ctl')
    .description('control a running lab as apachectl -k does: stop, restart, graceful, graceful-stop')
    .argument('<action>', Object.keys(ACTIONS).join(' | '))
    .addOption(portOption('the lab on this port (needed when several run)'))
    .addHelpText('after', '\nExamples:\n  $ mpm-lab ctl graceful --port 8080\n  $ mpm-lab ctl stop')
    .action(async (actionArg: string, opts: { port?: string }) => {
      if (!(actionArg in ACTIONS)) {
        throw new UsageError(`unknown action "${actionArg}". The actions are: ${Object.keys(ACTIONS).join(', ')}.`);
      }
      const action = actionArg as Action;
      const lab = findLab(opts.port === undefined ? undefined : parseLabPort(opts.port));
      if ((action === 'restart' || action === 'graceful') && lab.configFile) {
        // apachectl runs a config test first, so that a typo does not take the server down. The
        // file chooses the MPM as it did at the start, and may not change it (ap_check_mpm).
        const { resolveConfig } = await import('../../labs/config/resolve.ts'); // not at the top: --help stays fast
        resolveConfig({ running: lab.model, file: lab.configFile, port: lab.port });
      }
      // SIGHUP and SIGWINCH also come from terminals; the marker says these are ctl's.
      if (action === 'restart' || action === 'graceful-stop') leaveCtlRequest(path.dirname(lab.tokenFile), action);
      process.kill(lab.pid, ACTIONS[action].signal);
      process.stdout.write(`mpm-lab: told the ${lab.model} lab on port ${lab.port} (pid ${lab.pid}) to ${ACTIONS[action].says}\n`);
      if (action === 'stop' || action === 'graceful-stop') await waitForExit(lab.pid, action === 'stop' ? 10_000 : 70_000);
    });
}

async function waitForExit(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      process.stdout.write(`mpm-lab: pid ${pid} has exited\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(`mpm-lab: pid ${pid} is still running after ${ms / 1000} s (its children may still be finishing requests)\n`);
}
