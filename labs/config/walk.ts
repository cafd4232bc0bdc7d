// httpd's walk phase (ap_walk_config) over what the reader kept: each directive is looked up, checked
// against the chosen MPM and its section, its arguments counted, and its value set. The first problem
// stops the walk, as in httpd ("AH00526: Syntax error on line N of FILE:").

import path from 'node:path';
import { applyValue, example } from './apply.ts';
import { COUNTERPART, MPM_MODULE, aliasName, appliesTo, findDirective, usageFor } from './directives.ts';
import type { DirectiveSpec } from './directives.ts';
import { explain } from './explain.ts';
import type { ConfigLine } from './file.ts';
import { HTTPD_DIRECTIVES, HTTPD_SECTIONS, OTHER_MPM_DIRECTIVES } from './httpd-directives.ts';
import type { Settings } from './state.ts';
import { editDistance, suggestDirective } from './suggest.ts';
import { ConfigError } from './types.ts';
import type { ModelName } from './types.ts';

export function invalidCommand(name: string, hint: string | undefined, where: { file?: string; line?: number; text?: string }): ConfigError {
  return new ConfigError(
    `Invalid command '${name}', perhaps misspelled or defined by a module not included in the server configuration`,
    { ...where, directive: name, hint },
  );
}

/** Why a directive of the lab is not there in `model`, and what to write instead. */
export function otherModelHint(spec: DirectiveSpec, written: string, model: ModelName): string {
  const owners = spec.models.join(' and ');
  const instead = COUNTERPART[spec.name]?.[model];
  const block = MPM_MODULE[spec.models[0]!].symbol;
  const parts = [`${written} belongs to the ${owners} MPM${spec.models.length > 1 ? 's' : ''}; this config runs ${model}.`];
  if (instead) parts.push(`With ${model} use ${instead}.`);
  else if (spec.name === 'ThreadsPerChild' || spec.name === 'ThreadLimit') parts.push('prefork runs one thread per process.');
  parts.push(`Or put it inside <IfModule ${block}> so only ${spec.models[0]} reads it.`);
  return parts.join(' ');
}

export function unknownHint(name: string, model: ModelName): string {
  const other = OTHER_MPM_DIRECTIVES.get(name.toLowerCase());
  if (other) return `${other.name} belongs to ${other.mpm}, an MPM httpd has only on NetWare; the lab runs prefork, worker and event`;
  const suggestion = suggestDirective(name, model);
  return suggestion ? `did you mean ${suggestion}?` : 'check the spelling against the list in "mpm-lab config --help"';
}

function sectionHint(name: string): string {
  const known = [...HTTPD_SECTIONS.values(), 'IfModule', 'IfDefine'];
  // a name far longer than any section's is no typo of one (and too slow to compare)
  const best = name.length > 64 ? undefined : known.map((k) => ({ k, d: editDistance(name, k) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3))
    ? `did you mean <${best.k}>?`
    : `httpd's sections are ${known.map((k) => `<${k}>`).join(', ')}`;
}

function argCountError(spec: DirectiveSpec, written: string, line: ConfigLine, model: ModelName): ConfigError | undefined {
  const display = aliasName(written) ?? spec.name;
  const args = line.args;
  const where = { file: line.file, line: line.line, directive: written, text: line.text };
  if (spec.kind === 'stages') return undefined; // RAW_ARGS: any number of key=value words
  if (spec.kind === 'listen') {
    if (args.length < 1 || args.length > 2) {
      return new ConfigError('Listen requires 1 or 2 arguments.', { ...where, hint: `write it as: ${example('Listen', false)}` });
    }
    return undefined;
  }
  if (spec.kind === 'flag') {
    if (args.length === 0 || args[0] === '' || !/^(on|off)$/i.test(args[0]!)) {
      return new ConfigError(`${display} must be On or Off`, { ...where, hint: `write ${display} On or ${display} Off` });
    }
    return undefined;
  }
  if (args.length !== 1 || args[0] === '') {
    const comment = args.findIndex((a) => a.startsWith('#'));
    const hint =
      comment > 0
        ? `a # comment must be on a line of its own: httpd reads "${args.slice(comment).join(' ')}" as more arguments`
        : `write it as: ${example(spec.name, false).replace(spec.name, display)} (${spec.accepts})`;
    return new ConfigError(`${display} takes one argument, ${usageFor(spec, model, written)}`, { ...where, hint });
  }
  return undefined;
}

export function walkLines(lines: readonly ConfigLine[], settings: Settings, file: string): void {
  const baseDir = path.dirname(file);
  const model = settings.model;
  let sectionNoted = false;
  for (const line of lines) {
    const where = { file: line.file, line: line.line, text: line.text };
    const lower = line.name.toLowerCase();
    const inner = line.sections[line.sections.length - 1];
    const ignore = () => {
      settings.ignored.push({ directive: line.name, file: line.file, line: line.line });
      if (line.sections.length > 0 && !sectionNoted) {
        sectionNoted = true;
        settings.note(explain.sectionIgnored());
      }
    };
    if (line.name.startsWith('<')) {
      const section = HTTPD_SECTIONS.get(lower.slice(1));
      if (!section) throw invalidCommand(line.name, sectionHint(line.name.slice(1)), where);
      ignore();
      continue;
    }
    if (lower === 'error') {
      // core.c generate_message: "Error" aborts the configuration with its own text.
      throw new ConfigError(line.args.join(' ') || 'Error', { ...where, directive: 'Error', hint: 'the config itself asks httpd to stop here (the Error directive)' });
    }
    const spec = findDirective(line.name);
    if (!spec) {
      if (HTTPD_DIRECTIVES.has(lower)) {
        ignore();
        continue;
      }
      throw invalidCommand(line.name, unknownHint(line.name, model), where);
    }
    if (!appliesTo(spec, model)) throw invalidCommand(line.name, otherModelHint(spec, line.name, model), where);
    const display = aliasName(line.name) ?? spec.name;
    if (inner && inner.toLowerCase() !== '<virtualhost') {
      throw new ConfigError(`${display} not allowed in ${inner}> context`, {
        ...where,
        directive: line.name,
        hint: `move ${display} out of the ${inner}> section, to the main part of the file`,
      });
    }
    const countError = argCountError(spec, line.name, line, model);
    if (countError) throw countError;
    if (inner) {
      if (spec.scope === 'global') {
        throw new ConfigError(`${display} cannot occur within <VirtualHost> section`, {
          ...where,
          directive: line.name,
          hint: `${display} is for the whole server: move it out of <VirtualHost>`,
        });
      }
      settings.ignored.push({ directive: line.name, file: line.file, line: line.line });
      settings.note(explain.virtualHostOnly(display, line.line));
      continue;
    }
    applyValue({
      settings,
      spec,
      written: line.name,
      args: line.args,
      source: { kind: 'file', file: line.file, line: line.line },
      strict: false,
      baseDir,
      where,
    });
  }
}
