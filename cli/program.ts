// mpm-lab's command line: one file per command in commands/, each registering itself.
import { Command, CommanderError } from 'commander';
import { formatConfigError } from '../labs/config/describe.ts';
import { ConfigError, MODEL_NAMES } from '../labs/config/types.ts';
import { NoLabError } from '../labs/run/run-dir.ts';
import { RunFolderError } from '../labs/run/run-folder-error.ts';
import { PortInUseError } from '../labs/server/port-in-use.ts';
import { StartError } from '../labs/server/start-error.ts';
import { registerCommands } from './commands/index.ts';
import { printLessonList } from './commands/lessons.ts';
import { STRINGS } from './lesson/strings.ts';
import { exitWhenReaderGone, readerGone } from './reader-gone.ts';
import { UsageError } from './usage-error.ts';
import { explainCommanderError, programOption, unknownCommand } from './usage-text.ts';
import type { CommandFacts } from './usage-text.ts';

export function buildProgram(): Command {
  const program = new Command('mpm-lab')
    .description("A live lab for Apache httpd's prefork, worker and event MPMs, on 127.0.0.1")
    .version('0.1.0')
    .usage('[command] [options]')
    .showSuggestionAfterError(true)
    .helpCommand(false) // commands/help.ts is the help command, with the unknown-command answer
    .exitOverride();
  registerCommands(program);
  // `mpm-lab` alone: what there is, and where to start; `mpm-lab rn`: what it may have meant.
  // Unknown options come here too (as the first word), so that the command is judged first.
  program
    .argument('[command]')
    .argument('[args...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .action((command: string | undefined) => {
      if (command === undefined) {
        printLessonList(); // the lessons and the next one, as rustlings opens
        process.stdout.write(`\n${STRINGS.moreCommands}\n`);
        return;
      }
      if (command.startsWith('-')) throw new UsageError(programOption(command));
      throw new UsageError(unknownCommand(command, program.commands.map((c) => c.name()), MODEL_NAMES));
    });
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ outputError: (text, write) => write(explainCommanderError(text, factsOf(command))) });
  }
  return program;
}

function factsOf(command: Command): CommandFacts {
  const isProgram = command.parent === null;
  const path = isProgram ? 'mpm-lab' : `mpm-lab ${command.name()}`;
  return {
    path,
    usage: `${path} ${command.usage()}`,
    options: command.options.map((o) => {
      const value = /<([^>]+)>|\[([^\]]+)\]/.exec(o.flags);
      return `${o.short ? `${o.short}/` : ''}${o.long ?? ''}${value ? ` ${value[1] ?? value[2]}` : ''}`;
    }),
    arguments: command.registeredArguments.map((a) => ({ name: a.name(), required: a.required, description: a.description })),
    given: command.args,
  };
}

// Errors whose message already says what happened and what to do: no stack trace for these.
const EXPLAINED = [UsageError, NoLabError, PortInUseError, StartError, RunFolderError] as const;

function fail(message: string, code: number): never {
  process.stderr.write(`mpm-lab: ${message}\n`);
  process.exit(code);
}


export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  process.stdout.on('error', exitWhenReaderGone);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; what was wrong is already printed (configureOutput above)
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(formatConfigError(error) + '\n');
      process.exit(error.exitCode);
    }
    for (const kind of EXPLAINED) if (error instanceof kind) fail(error.message, error.exitCode);
    if (readerGone(error)) process.exit(0);
    throw error;
  }
}
