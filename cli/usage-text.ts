// What a wrong command line is told, in one place: commander's terse errors made into
// "mpm-lab: what was wrong.\n  how to fix it", the unknown command and the missing model. Pure.
import { editDistance } from '../labs/config/suggest.ts';

/** What an error message needs to know about the command being parsed. */
export interface CommandFacts {
  path: string; // "mpm-lab run", or "mpm-lab" for the program itself
  usage: string; // "mpm-lab run [options] [model]"
  options: string[]; // "-p/--port N", "--headless"
  arguments: { name: string; required: boolean; description: string }[];
  given: string[]; // the operands it received
}

/** The closest of `names` to `word`: a typo (a letter or two off) or the start of a name. */
export function nearestName(word: string, names: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(lower, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))) return best;
  return lower.length >= 2 ? names.find((n) => n.startsWith(lower)) : undefined;
}

export function unknownCommand(word: string, commands: readonly string[], models: readonly string[]): string {
  const near = models.includes(word) ? `mpm-lab run ${word}` : nearestName(word, commands);
  return (
    `unknown command '${word}'.${near ? ` Did you mean ${near}?` : ''}\n` +
    `  The commands are: ${commands.join(', ')}. \`mpm-lab help COMMAND\` shows one with examples.`
  );
}

/** `mpm-lab --port 8080 ps`: the program's own options are only --help and --version. */
export function programOption(flag: string): string {
  return (
    `unknown option '${flag}'. Options go after the command, e.g. \`mpm-lab ps --port 8080\`.\n` +
    '  `mpm-lab --help` lists the commands; `mpm-lab help COMMAND` shows the options of one.'
  );
}

export function missingModel(command: string, models: readonly string[]): string {
  return (
    `${command} needs a model: ${models.join(', ')}.\n` +
    `  e.g. \`${command} prefork\`, or \`${command} --config FILE\` where FILE has a line such as\n` +
    '  "LoadModule mpm_worker_module modules/mod_mpm_worker.so" naming the model.'
  );
}

/** `mpm-lab load URL --port N`: one or the other says where the load goes. */
export function urlOrPort(): string {
  return 'give either a URL or --port, not both.\n  e.g. `mpm-lab load -p 8080 -n 100` or `mpm-lab load http://127.0.0.1:8080/ -n 100`';
}

const seeHelp = (cmd: CommandFacts) => `\`${cmd.path} --help\` shows ${cmd.path === 'mpm-lab' ? 'the commands' : 'its options with examples'}.`;

/** commander's own error text ("error: unknown option '--x'"), rewritten with what to do instead. */
export function explainCommanderError(text: string, cmd: CommandFacts): string {
  const said = text.trim().replace(/^error: /, '');
  let m = /^unknown option '([^']+)'(?:\s*\(Did you mean ([^?]+)\?\))?/.exec(said);
  if (m) {
    const options = cmd.options.length > 0 ? `  ${cmd.path} takes: ${cmd.options.join(', ')}.\n` : '';
    return `mpm-lab: unknown option '${m[1]}' for ${cmd.path}.${m[2] ? ` Did you mean ${m[2]}?` : ''}\n${options}  ${seeHelp(cmd)}\n`;
  }
  m = /^missing required argument '([^']+)'/.exec(said);
  if (m) {
    const arg = cmd.arguments.find((a) => a.name === m![1]);
    return `mpm-lab: ${cmd.path} needs its ${m[1]}${arg?.description ? `: ${arg.description}` : ''}.\n  Usage: ${cmd.usage}. ${seeHelp(cmd)}\n`;
  }
  m = /^too many arguments/.exec(said);
  if (m) {
    const takes = cmd.arguments.length === 0 ? 'no arguments' : cmd.arguments.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ');
    return `mpm-lab: too many arguments for ${cmd.path}: it takes ${takes}, and got '${cmd.given.join(' ')}'.\n  Usage: ${cmd.usage}. ${seeHelp(cmd)}\n`;
  }
  m = /^option '([^']+)' argument missing/.exec(said);
  if (m) return `mpm-lab: option '${m[1]}' of ${cmd.path} needs a value after it.\n  ${seeHelp(cmd)}\n`;
  return `mpm-lab: ${said}\n  ${seeHelp(cmd)}\n`;
}
