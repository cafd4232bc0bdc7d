// `mpm-lab status`: the scoreboard and counters as mod_status prints them, read from the
// scoreboard file.
import type { Command } from 'commander';
import { findLab } from '../../labs/run/run-dir.ts';
import { jsonOption, portOption } from '../shared-options.ts';
import { parseLabPort } from '../usage-error.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("the running lab's scoreboard and counters, as mod_status shows them")
    .addOption(portOption('the lab listening on this port (default: the only running lab)'))
    .addOption(jsonOption('print a JSON document instead of text'))
    .addHelpText('after', '\nReads the scoreboard file directly, so it answers even when every child is busy.\n\nExample:\n  $ mpm-lab status --port 8080')
    .action(async (options: { port?: string; json?: boolean }) => {
      const lab = findLab(options.port === undefined ? undefined : parseLabPort(options.port));
      // loaded here: `mpm-lab --help` should not pay for them
      const [{ readLabScoreboard }, { buildStatusDocument }, { renderStatus }] = await Promise.all([
        import('../plain/lab-snapshot.ts'),
        import('../plain/status-model.ts'),
        import('../plain/status-text.ts'),
      ]);
      const doc = buildStatusDocument(lab, readLabScoreboard(lab));
      process.stdout.write(options.json ? JSON.stringify(doc, null, 2) + '\n' : renderStatus(doc));
    });
}
