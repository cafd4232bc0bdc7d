// `mpm-lab status`: the scoreboard and counters as mod_status prints them, read from the
// scoreboard file.
import type { Command } from 'commander';
import { findLab } from '../../labs/run/run-dir.ts';
import { readLabScoreboard } from '../plain/lab-snapshot.ts';
import { buildStatusDocument } from '../plain/status-model.ts';
import { renderStatus } from '../plain/status-text.ts';
import { parseWholeNumber } from '../usage-error.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("the running lab's scoreboard and counters, as mod_status shows them")
    .option('--port <n>', 'the lab listening on this port (default: the only running lab)')
    .option('--json', 'print a JSON document instead of text')
    .addHelpText('after', '\nReads the scoreboard file directly, so it answers even when every child is busy.\n\nExample:\n  $ mpm-lab status --port 8080')
    .action(async (options: { port?: string; json?: boolean }) => {
      const lab = findLab(options.port === undefined ? undefined : parseWholeNumber('--port', options.port, 1, 65535));
      const doc = buildStatusDocument(lab, readLabScoreboard(lab));
      process.stdout.write(options.json ? JSON.stringify(doc, null, 2) + '\n' : renderStatus(doc));
    });
}
