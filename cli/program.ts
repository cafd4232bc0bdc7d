// mpm-lab's command line: one file per command in commands/, each registering itself.
import { Command, CommanderError } from 'commander';
import { formatConfigError } from '../labs/config/describe.ts';
import { ConfigError } from '../labs/config/types.ts';
import { NoLabError } from '../labs/run/run-dir.ts';
import { PortInUseError } from '../labs/server/port-in-use.ts';
import { StartError } from '../labs/server/start-error.ts';
import { registerCommands } from './commands/index.ts';
import { UsageError } from './usage-error.ts';

export function buildProgram(): Command {
  const program = new Command('mpm-lab')
    .description("A live lab for Apache httpd's prefork, worker and event MPMs, on 127.0.0.1")
    .version('0.1.0')
    .usage('[command] [options]')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(text.startsWith('error: ') ? `mpm-lab: ${text.slice(7)}` : text) })
    .exitOverride();
  registerCommands(program);
  // `mpm-lab` alone: what there is, and where to start.
  program.argument('[command]').action((command: string | undefined) => {
    if (command !== undefined) {
      const names = program.commands.map((c) => c.name());
      const near = names.find((n) => n.startsWith(command.slice(0, 2)));
      throw new UsageError(`unknown command '${command}'.${near ? ` Did you mean ${near}?` : ''}\n  The commands are: ${names.join(', ')} (mpm-lab --help says more).`);
    }
    program.outputHelp();
    process.stdout.write('\nStart here: mpm-lab run prefork   (then, in another terminal: mpm-lab ps)\n');
  });
  return program;
}

// Errors whose message already says what happened and what to do: no stack trace for these.
const EXPLAINED = [UsageError, NoLabError, PortInUseError, StartError] as const;

function fail(message: string, code: number): never {
  process.stderr.write(`mpm-lab: ${message}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; commander already printed what was wrong otherwise
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(formatConfigError(error) + '\n');
      process.exit(error.exitCode);
    }
    for (const kind of EXPLAINED) if (error instanceof kind) fail(error.message, error.exitCode);
    throw error;
  }
}

