// `--set Directive=value` from the command line. Read after the file, like httpd's -c "directive",
// but strictly: a value that is not a whole number is refused instead of atoi()'d.

import { applyValue } from './apply.ts';
import { appliesTo, findDirective } from './directives.ts';
import type { DirectiveSpec } from './directives.ts';
import { MAX_ARGUMENT_CHARS, argumentTooLong } from './file.ts';
import { HTTPD_DIRECTIVES } from './httpd-directives.ts';
import type { Settings } from './state.ts';
import { suggestDirective } from './suggest.ts';
import { ConfigError } from './types.ts';
import type { DirectiveName } from './types.ts';
import { otherModelHint } from './walk.ts';
import { words } from './words.ts';

export interface SetArgument {
  directive: DirectiveName; // canonical name
  written: string; // as typed (an alias or any case)
  value: string;
  text: string; // "--set MaxRequestWorkers=8"
}

/** Reads "Directive=value"; refuses a missing "=", an empty value or a name the lab does not run. */
export function parseSetArgument(text: string): SetArgument {
  const shown = `--set ${text}`;
  const eq = text.indexOf('=');
  if (eq < 0) {
    throw new ConfigError(`--set needs Directive=value, got '${text}'`, {
      text: shown,
      hint: 'write it as --set MaxRequestWorkers=16 (no spaces around =)',
    });
  }
  const written = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  const spec = findDirective(written);
  if (!spec) {
    if (HTTPD_DIRECTIVES.has(written.toLowerCase())) {
      throw new ConfigError(`--set ${written}: the lab does not use this httpd directive`, {
        directive: written,
        text: shown,
        hint: 'the lab runs the MPM, keep-alive, timeout and Listen directives; see "mpm-lab config --help"',
      });
    }
    const suggestion = suggestDirective(written);
    throw new ConfigError(`--set ${written}: unknown directive '${written}'`, {
      directive: written,
      text: shown,
      hint: suggestion ? `did you mean ${suggestion}?` : 'see "mpm-lab config --help" for the directives the lab runs',
    });
  }
  if (value.length > MAX_ARGUMENT_CHARS) {
    throw new ConfigError(`--set ${argumentTooLong(written, value.length)}`, {
      directive: written,
      text: shown,
      hint: `${spec.name} takes ${spec.accepts}`,
    });
  }
  if (value === '') {
    throw new ConfigError(`--set ${written}: no value after '='`, {
      directive: written,
      text: shown,
      hint: `${spec.name} takes ${spec.accepts}`,
    });
  }
  return { directive: spec.name, written, value, text: shown };
}

/** Applies every --set, in order, on top of what the file set. */
export function applySets(sets: readonly string[], settings: Settings, cwd: string): void {
  for (const raw of sets) {
    const set = parseSetArgument(raw);
    const spec: DirectiveSpec = findDirective(set.written)!;
    if (!appliesTo(spec, settings.model)) {
      throw new ConfigError(`--set ${set.written}: ${set.written} is not a directive of the ${settings.model} MPM`, {
        directive: set.written,
        text: set.text,
        hint: otherModelHint(spec, set.written, settings.model).replace(/ Or put it inside.*$/, ''),
      });
    }
    const args = spec.kind === 'listen' || spec.kind === 'stages' ? words(set.value) : [set.value];
    applyValue({
      settings,
      spec,
      written: set.written,
      args,
      source: { kind: 'cli', text: set.text },
      strict: true,
      baseDir: cwd,
      where: { text: set.text },
    });
  }
}

