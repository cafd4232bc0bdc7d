// `mpm-lab help [COMMAND]`: the same text as `mpm-lab COMMAND --help`.
import type { Command } from 'commander';
import { MODEL_NAMES } from '../../labs/config/types.ts';
import { UsageError } from '../usage-error.ts';
import { unknownCommand } from '../usage-text.ts';

export function registerHelp(program: Command): void {
  program
    .command('help')
    .description('show the help of a command, with examples (the same as mpm-lab COMMAND --help)')
    .argument('[command]', 'a command name')
    .action((name: string | undefined) => {
      if (name === undefined) return void program.outputHelp();
      const command = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!command) throw new UsageError(unknownCommand(name, program.commands.map((c) => c.name()), MODEL_NAMES));
      command.outputHelp();
    });
}
