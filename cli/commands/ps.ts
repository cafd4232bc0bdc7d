// `mpm-lab ps`: the lab's real processes and threads (as ps -eLf shows them) next to what
// their scoreboard slots are doing.
import fs from 'node:fs';
import type { Command } from 'commander';
import { findLab } from '../../labs/run/run-dir.ts';
import { jsonOption, portOption } from '../shared-options.ts';
import { UsageError, parseLabPort } from '../usage-error.ts';

export function registerPs(program: Command): void {
  program
    .command('ps')
    .description("the running lab's processes and threads, as ps shows them, with what each slot serves")
    .addOption(portOption('the lab listening on this port (default: the only running lab)'))
    .addOption(jsonOption('print a JSON document (processes, threads, slots) instead of text'))
    .addHelpText('after', '\nExample:\n  $ mpm-lab ps --port 8080')
    .action(async (options: { port?: string; json?: boolean }) => {
      const lab = findLab(options.port === undefined ? undefined : parseLabPort(options.port));
      // loaded here: `mpm-lab --help` should not pay for them
      const [{ readTree }, { readLabScoreboard }, { buildPsDocument }, { renderPs }] = await Promise.all([
        import('../../labs/proc/read-tree.ts'),
        import('../plain/lab-snapshot.ts'),
        import('../plain/ps-model.ts'),
        import('../plain/ps-text.ts'),
      ]);
      const snapshot = readLabScoreboard(lab);
      const procs = readTree(lab.pid);
      if (procs.length === 0) {
        throw fs.existsSync('/proc/self/stat')
          ? new UsageError(`the ${lab.model} lab on port ${lab.port} (pid ${lab.pid}) has exited.\n  Start it again with \`mpm-lab run ${lab.model}\`.`, 1)
          : new UsageError('mpm-lab ps reads /proc, which only Linux has.\n  `mpm-lab status` shows the scoreboard on any system.', 1);
      }
      const doc = buildPsDocument(lab, snapshot, procs);
      process.stdout.write(options.json ? JSON.stringify(doc, null, 2) + '\n' : renderPs(doc));
    });
}
