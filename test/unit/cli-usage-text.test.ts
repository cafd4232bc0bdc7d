// What a wrong command line is told: commander's terse errors rewritten with the command's
// options and a way forward, the nearest command or model, and the program's own answers.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.ts';
import { UsageError } from '../../cli/usage-error.ts';
import { explainCommanderError, nearestName, unknownCommand } from '../../cli/usage-text.ts';
import type { CommandFacts } from '../../cli/usage-text.ts';

const run: CommandFacts = {
  path: 'mpm-lab run',
  usage: 'mpm-lab run [options] [model]',
  options: ['-p/--port N', '-f/--config FILE', '--headless'],
  arguments: [{ name: 'model', required: false, description: 'prefork | worker | event' }],
  given: ['prefork', 'worker'],
};
const ctl: CommandFacts = { ...run, path: 'mpm-lab ctl', usage: 'mpm-lab ctl [options] <action>', arguments: [{ name: 'action', required: true, description: 'stop | restart' }], given: [] };

describe('commander\'s errors, explained', () => {
  it('an unknown option: the command\'s options, commander\'s nearest one, and its --help', () => {
    expect(explainCommanderError("error: unknown option '--prot'\n(Did you mean --port?)\n", run)).toBe(
      "mpm-lab: unknown option '--prot' for mpm-lab run. Did you mean --port?\n" +
        '  mpm-lab run takes: -p/--port N, -f/--config FILE, --headless.\n' +
        '  `mpm-lab run --help` shows its options with examples.\n',
    );
    expect(explainCommanderError("error: unknown option '-x'\n", run)).toMatch(/^mpm-lab: unknown option '-x' for mpm-lab run\.\n {2}mpm-lab run takes: /);
  });
  it('a missing argument says what it is; too many says what was given', () => {
    expect(explainCommanderError("error: missing required argument 'action'\n", ctl)).toBe(
      'mpm-lab: mpm-lab ctl needs its action: stop | restart.\n  Usage: mpm-lab ctl [options] <action>. `mpm-lab ctl --help` shows its options with examples.\n',
    );
    expect(explainCommanderError("error: too many arguments for 'run'. Expected 1 argument but got 2.\n", run)).toBe(
      "mpm-lab: too many arguments for mpm-lab run: it takes [model], and got 'prefork worker'.\n  Usage: mpm-lab run [options] [model]. `mpm-lab run --help` shows its options with examples.\n",
    );
  });
  it('an option without its value, and anything else, keep commander\'s words and point to --help', () => {
    expect(explainCommanderError("error: option '-p, --port <N>' argument missing\n", run)).toBe(
      "mpm-lab: option '-p, --port <N>' of mpm-lab run needs a value after it.\n  `mpm-lab run --help` shows its options with examples.\n",
    );
    expect(explainCommanderError('error: something new\n', run)).toBe('mpm-lab: something new\n  `mpm-lab run --help` shows its options with examples.\n');
  });
});

describe('the nearest name', () => {
  it.each([
    ['rn', 'run'],
    ['stauts', 'status'],
    ['conf', 'config'],
    ['LOAD', 'load'],
    ['frobnicate', undefined],
    ['x'.repeat(100_000), undefined],
  ])('%s -> %s', (word, near) => {
    expect(nearestName(word, ['run', 'config', 'ctl', 'ps', 'status', 'load', 'watch', 'help'])).toBe(near);
  });
  it('a model given as a command points to `mpm-lab run MODEL`', () => {
    expect(unknownCommand('worker', ['run', 'help'], ['prefork', 'worker', 'event'])).toMatch(/^unknown command 'worker'\. Did you mean mpm-lab run worker\?/);
  });
});

describe('the program', () => {
  const parse = async (program: ReturnType<typeof buildProgram>, args: string[]): Promise<string> => {
    try {
      await program.parseAsync(['node', 'mpm-lab', ...args]);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    throw new Error('expected a UsageError');
  };
  it('an unknown command is answered with the names the program has, new commands included', async () => {
    const program = buildProgram();
    program.command('lessons-new').action(() => {});
    const message = await parse(program, ['lessons-nwe']);
    expect(message).toMatch(/^unknown command 'lessons-nwe'\. Did you mean lessons-new\?/);
    expect(message).toMatch(/The commands are: .*\brun\b.*\blessons-new\b/);
  });
  it('`help COMMAND` with an unknown command, and an option before any command', async () => {
    expect(await parse(buildProgram(), ['help', 'rn'])).toMatch(/^unknown command 'rn'\. Did you mean run\?/);
    expect(await parse(buildProgram(), ['--port', '8080', 'ps'])).toMatch(/^unknown option '--port'\. Options go after the command/);
  });
  it('-p, -f, -s and -j are the same options wherever they appear', () => {
    const flags = new Map<string, Set<string>>();
    for (const command of buildProgram().commands) {
      for (const option of command.options) if (option.short) (flags.get(option.short) ?? flags.set(option.short, new Set()).get(option.short)!).add(option.long!);
    }
    expect([...flags.get('-p')!]).toEqual(['--port']);
    expect([...flags.get('-f')!]).toEqual(['--config']);
    expect([...flags.get('-s')!]).toEqual(['--set']);
    expect([...flags.get('-j')!]).toEqual(['--json']);
    const having = (long: string) => buildProgram().commands.filter((c) => c.options.some((o) => o.long === long)).map((c) => [c.name(), c.options.find((o) => o.long === long)!.short]);
    for (const [long, short] of [['--port', '-p'], ['--config', '-f'], ['--set', '-s']] as const) {
      for (const [name, got] of having(long)) expect(got, `${name} ${long}`).toBe(short);
    }
  });
});
