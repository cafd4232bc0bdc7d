// httpd.conf reader: httpd's read phase (ap_build_config). It joins lines, skips comments, resolves
// ${VAR}, runs what httpd runs while reading (<IfModule>, <IfDefine>, LoadModule, Define, Include)
// and keeps every other directive, with its file, line and enclosing sections, for the walk phase.

import path from 'node:path';
import { MPM_MODULE, findDirective } from './directives.ts';
import { explain } from './explain.ts';
import { MAX_CONFIG_BYTES, readConfigFileText } from './file-text.ts';
import { ConfigError, MODEL_NAMES } from './types.ts';
import type { HttpdWarning, IgnoredDirective, LabNote, ModelName } from './types.ts';
import { logicalLines, nextWord, resolveVariables, splitDirective, words } from './words.ts';

/** One directive of the config tree, as httpd keeps it between reading and walking. */
export interface ConfigLine {
  name: string; // as written: "maxclients", "<Directory"
  args: string[];
  file: string;
  line: number;
  text: string; // the whole line, as written (continuations joined)
  sections: string[]; // enclosing sections, outermost first, e.g. ["<VirtualHost", "<Directory"]
}

export interface ReadOptions {
  /** The model chosen on the command line; it counts as loaded from the first line on. */
  model?: ModelName;
  /** The model when neither the command line nor a LoadModule line names one (default prefork). */
  fallback?: ModelName;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ReadResult {
  file: string;
  lines: ConfigLine[];
  /** The MPM the file loads (LoadModule mpm_*_module), or the lab's default when it loads none. */
  model: ModelName;
  modelFrom: { kind: 'cli' } | { kind: 'file'; line: number } | { kind: 'default' };
  warnings: HttpdWarning[];
  notes: LabNote[];
  ignored: IgnoredDirective[];
}

type Frame =
  | { kind: 'cond'; name: '<IfModule' | '<IfDefine'; line: number }
  | { kind: 'section'; name: string; line: number };

/** Modules every httpd has compiled in, by the two names <IfModule> accepts. */
const ALWAYS_LOADED = new Set(['core.c', 'core_module', 'http_core.c', 'http_module', 'mod_so.c', 'so_module']);
const MPM_NAMES = new Set(Object.values(MPM_MODULE).flatMap((m) => [m.symbol, m.file]));

const LOADMODULE_USAGE = 'a module name and the name of a shared object file to load it from';

/**
 * The longest argument the lab takes for a directive it runs: httpd's MAX_STRING_LEN. httpd itself
 * reads lines up to 16 MiB (VARBUF_MAX_LEN, "Line too long" beyond), but no count, time, address,
 * path or host name the lab uses is anywhere near this long.
 */
export const MAX_ARGUMENT_CHARS = 8192;
/** Sections and <IfModule>/<IfDefine> blocks inside each other; real configs nest a few levels. */
export const MAX_NESTING = 64;

export function readConfigFile(file: string, options: ReadOptions = {}): ReadResult {
  const absolute = path.resolve(file);
  return readConfigText(readConfigFileText(absolute), absolute, options);
}

export function readConfigText(text: string, file: string, options: ReadOptions = {}): ReadResult {
  return new Reader(text, file, options).run();
}

class Reader {
  private readonly lines: ReturnType<typeof logicalLines>;
  private index = 0;
  private readonly stack: Frame[] = [];
  private readonly out: ConfigLine[] = [];
  private readonly warnings: HttpdWarning[] = [];
  private readonly notes: LabNote[] = [];
  private readonly noted = new Set<string>();
  private readonly ignored: IgnoredDirective[] = [];
  private readonly defines = new Set<string>();
  private readonly variables = new Map<string, string>();
  private loaded: ModelName | undefined;
  private loadedLine = 0;
  private secondMpm: { module: string; line: number; text: string } | undefined;
  private readonly modelFrom: ReadResult['modelFrom'];
  /** Characters ${VAR} substitution may still add, in the whole file (a Define can double itself). */
  private expansionLeft = MAX_CONFIG_BYTES;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.lines = logicalLines(text);
    if (options.model) {
      this.loaded = options.model;
      this.modelFrom = { kind: 'cli' };
    } else if (!/^\s*LoadModule\s+["']?mpm_\w+_module/im.test(text)) {
      // No LoadModule for an MPM anywhere: the lab runs prefork, as an httpd built with a static prefork.
      this.loaded = options.fallback ?? 'prefork';
      this.modelFrom = { kind: 'default' };
    } else {
      this.modelFrom = { kind: 'file', line: 0 };
    }
  }

  run(): ReadResult {
    while (this.index < this.lines.length) {
      const l = this.lines[this.index++]!;
      this.handle(l.text, l.line);
    }
    this.finish();
    const modelFrom = this.modelFrom.kind === 'file' ? { kind: 'file' as const, line: this.loadedLine } : this.modelFrom;
    if (!this.loaded) {
      // LoadModule mpm_* lines exist but none was run (all in skipped blocks): httpd has no MPM.
      this.loaded = this.options.fallback ?? 'prefork';
      return { ...this.result(), model: this.loaded, modelFrom: { kind: 'default' } };
    }
    return { ...this.result(), model: this.loaded, modelFrom };
  }

  private result(): Omit<ReadResult, 'model' | 'modelFrom'> {
    return { file: this.file, lines: this.out, warnings: this.warnings, notes: this.notes, ignored: this.ignored };
  }

  private error(message: string, line: number, directive: string, text: string, hint?: string): ConfigError {
    return new ConfigError(message, { file: this.file, line, directive, text, hint });
  }

  private sectionPath(): string[] {
    return this.stack.filter((f) => f.kind === 'section').map((f) => f.name);
  }

  private handle(raw: string, line: number): void {
    if (raw === '' || raw.startsWith('#')) return;
    const top = this.stack[this.stack.length - 1];
    // ap_build_cont_config: the exact line "</IfModule>" ends the block it is reading.
    if (top?.kind === 'cond' && raw.toLowerCase() === `</${top.name.slice(1).toLowerCase()}>`) {
      this.stack.pop();
      return;
    }
    const resolved = resolveVariables(raw, (name) => this.lookup(name, line, raw));
    for (const name of resolved.undefinedNames) {
      this.warnings.push({ code: 'AH00111', text: `Config variable \${${name}} is not defined`, directive: splitDirective(raw).name });
    }
    const text = resolved.text;
    let { name, rest } = splitDirective(text);
    if (name === '') return;
    if (name[1] !== '/') {
      if (name.endsWith('>')) name = name.slice(0, -1);
      if (name.startsWith('<') && rest === '') rest = '>';
    }
    const lower = name.toLowerCase();
    if (lower === '<ifmodule' || lower === '<ifdefine') return this.conditional(name, rest, line, raw);
    if (name.startsWith('</')) return this.closeSection(name, line, raw);
    if (name.startsWith('<')) {
      this.checkNesting(this.stack.length + 1, line, name, raw);
      this.out.push({ name, args: words(rest.replace(/>\s*$/, '')), file: this.file, line, text: raw, sections: this.sectionPath() });
      this.stack.push({ kind: 'section', name, line });
      return;
    }
    const args = words(rest);
    this.checkLength(name, args, line, raw);
    switch (lower) {
      case 'loadmodule':
        return this.loadModule(args, line, raw);
      case 'define':
        return this.define(args, line, raw);
      case 'undefine':
        if (args.length !== 1 || args[0] === '') {
          throw this.error('UnDefine takes one argument, Undefine the existence of a variable. Undo a Define.', line, name, raw);
        }
        this.defines.delete(args[0]!);
        this.variables.delete(args[0]!);
        return;
      case 'include':
      case 'includeoptional':
        this.ignore(name, line);
        this.addNote(explain.includeIgnored());
        return;
      case 'serverroot':
        this.ignore(name, line);
        this.addNote(explain.serverRootIgnored());
        return;
    }
    this.out.push({ name, args, file: this.file, line, text: raw, sections: this.sectionPath() });
  }

  /** <IfModule [!]name> and <IfDefine [!]name>: core.c start_ifmod / start_ifdefine. */
  private conditional(name: string, rest: string, line: number, raw: string): void {
    const display = name.toLowerCase() === '<ifmodule' ? '<IfModule' : '<IfDefine';
    const end = rest.lastIndexOf('>');
    if (end < 0) throw this.error(`${display}> directive missing closing '>'`, line, display, raw);
    let arg = rest.slice(0, end);
    const not = arg.startsWith('!');
    if (not) arg = arg.slice(1);
    if (arg === '') throw this.error(`${display}> directive requires additional arguments`, line, display, raw);
    let found: boolean;
    if (display === '<IfModule') {
      found = this.moduleLoaded(arg);
      if (!MPM_NAMES.has(arg) && !ALWAYS_LOADED.has(arg) && !/^mpm_\w+_module$/.test(arg)) {
        this.addNote(explain.otherModulesNotLoaded(`${not ? '!' : ''}${arg}`, line, found !== not));
      }
    } else {
      found = this.defines.has(arg);
    }
    if (found !== not) {
      this.checkNesting(this.stack.length + 1, line, display, raw);
      this.stack.push({ kind: 'cond', name: display, line });
    } else {
      this.soak(display, line, raw);
    }
  }

  private moduleLoaded(arg: string): boolean {
    if (ALWAYS_LOADED.has(arg)) return true;
    if (!this.loaded) return false;
    const m = MPM_MODULE[this.loaded];
    return arg === m.symbol || arg === m.file;
  }

  /**
   * ap_soak_end_container: skip to the matching end tag without reading what is in between. httpd
   * recurses for each nested block, reporting at the outer block's line; this keeps the open
   * blocks in a list instead.
   */
  private soak(directive: string, openLine: number, openText: string): void {
    const open = [directive];
    while (this.index < this.lines.length) {
      const { text, line } = this.lines[this.index++]!;
      const first = nextWord(text, 0);
      let word = first.word;
      if (!word.startsWith('<')) continue;
      const inner = open[open.length - 1]!;
      if (word.startsWith('</')) {
        word = word.slice(0, -1);
        if (word.slice(2).toLowerCase() !== inner.slice(1).toLowerCase()) {
          throw this.error(`Expected </${inner.slice(1)}> but saw ${word}>`, openLine, inner, openText, `the block opened here ends at line ${line} with ${word}>; close it with </${inner.slice(1)}>`);
        }
        open.pop();
        if (open.length === 0) return;
        continue;
      }
      if (text.slice(first.next) === '' && word.endsWith('>')) word = word.slice(0, -1);
      this.checkNesting(this.stack.length + open.length + 1, line, word, text);
      open.push(word);
    }
    const inner = open[open.length - 1]!;
    throw this.error(`Expected </${inner.slice(1)}> before end of configuration`, openLine, inner, openText, `add </${inner.slice(1)}> after the last line of the block`);
  }

  /** Define'd variables, then the environment; what they add to the file is bounded as a whole. */
  private lookup(name: string, line: number, raw: string): string | undefined {
    const value = this.variables.get(name) ?? this.options.env?.[name];
    if (value === undefined) return undefined;
    this.expansionLeft -= value.length;
    if (this.expansionLeft < 0) {
      throw this.error(
        `\${${name}} at line ${line}: the config's \${...} variables expand to more than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB in all, more than the lab reads`,
        line,
        splitDirective(raw).name,
        raw,
        'a Define is usually a short path or name: look for a Define that uses its own or another large variable',
      );
    }
    return value;
  }

  private checkNesting(depth: number, line: number, directive: string, raw: string): void {
    if (depth <= MAX_NESTING) return;
    throw this.error(
      `${directive}> at line ${line} is nested ${depth} deep: the lab reads sections and <IfModule> blocks nested at most ${MAX_NESTING} deep`,
      line,
      directive,
      raw,
      'close each section with its </...> line; real configs nest a few levels',
    );
  }

  /** An argument of a directive the lab runs, longer than any value it can mean (MAX_ARGUMENT_CHARS). */
  private checkLength(name: string, args: readonly string[], line: number, raw: string): void {
    const spec = findDirective(name);
    const long = args.find((a) => a.length > MAX_ARGUMENT_CHARS);
    if (!spec || long === undefined) return;
    throw this.error(argumentTooLong(spec.name, long.length), line, name, raw, `${spec.name} takes ${spec.accepts}`);
  }

  private closeSection(name: string, line: number, raw: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.kind !== 'section') {
      throw this.error(`${name} without matching <${name.slice(2)} section`, line, name, raw, `remove this line, or open the section before it`);
    }
    if (!name.endsWith('>')) throw this.error(`${name}> directive missing closing '>'`, line, name, raw);
    const closing = name.slice(2, -1);
    if (closing.toLowerCase() !== top.name.slice(1).toLowerCase()) {
      throw this.error(`Expected </${top.name.slice(1)}> but saw </${closing}>`, line, name, raw, `the section opened at line ${top.line} is ${top.name}>; close it first`);
    }
    this.stack.pop();
  }

  private finish(): void {
    // ap_build_config: sections still open at the end (those outside any <IfModule>, as httpd sees them).
    const firstCond = this.stack.findIndex((f) => f.kind === 'cond');
    const open = (firstCond < 0 ? this.stack : this.stack.slice(0, firstCond)).filter((f) => f.kind === 'section');
    if (open.length > 0) {
      const message = [...open].reverse().map((f) => `${this.file}:${f.line}: ${f.name}> was not closed.`).join('\n');
      const outer = open[0]!;
      throw this.error(message, outer.line, outer.name, this.textAt(outer.line), `add </${outer.name.slice(1)}> where the section ends`);
    }
    const cond = this.stack.find((f) => f.kind === 'cond');
    if (cond) this.addNote(explain.unclosedIfModule(cond.line));
    if (this.secondMpm) {
      throw new ConfigError('AH00534: httpd: Configuration error: More than one MPM loaded.', {
        file: this.file,
        line: this.secondMpm.line,
        directive: 'LoadModule',
        text: this.secondMpm.text,
        hint: `this file already loads ${MPM_MODULE[this.loaded!].symbol} at line ${this.loadedLine}; keep one LoadModule mpm_* line (Debian: a2dismod the others)`,
      });
    }
  }

  private textAt(line: number): string {
    return this.lines.find((l) => l.line === line)?.text ?? '';
  }

  private loadModule(args: string[], line: number, raw: string): void {
    if (args.length !== 2 || args.some((a) => a === '')) {
      throw this.error(`LoadModule takes two arguments, ${LOADMODULE_USAGE}`, line, 'LoadModule', raw, 'write it as: LoadModule mpm_event_module modules/mod_mpm_event.so');
    }
    const module = args[0]!;
    const mpm = /^mpm_(\w+)_module$/.exec(module);
    if (!mpm) {
      this.ignore('LoadModule', line);
      return;
    }
    const model = mpm[1]!;
    if (!(MODEL_NAMES as readonly string[]).includes(model)) {
      throw this.error(`The lab has no "${model}" MPM (LoadModule ${module})`, line, 'LoadModule', raw, `load one of the three it runs: ${MODEL_NAMES.map((m) => MPM_MODULE[m].symbol).join(', ')}`);
    }
    if (this.modelFrom.kind === 'cli') {
      if (model === this.loaded) return;
      // As httpd -C "LoadModule mpm_X_module ..." -f FILE, when FILE loads another MPM.
      throw this.error('AH00534: httpd: Configuration error: More than one MPM loaded.', line, 'LoadModule', raw, cliModelConflictHint(this.loaded!, model));
    }
    if (this.loaded === model) {
      this.warnings.push({ code: 'AH01574', text: `module ${module} is already loaded, skipping`, directive: 'LoadModule' });
      return;
    }
    if (this.loaded) {
      this.secondMpm ??= { module, line, text: raw };
      return;
    }
    this.loaded = model as ModelName;
    this.loadedLine = line;
  }

  private define(args: string[], line: number, raw: string): void {
    if (args.length < 1 || args.length > 2 || args[0] === '') {
      throw this.error('Define takes 1-2 arguments, Define a variable, optionally to a value.  Same as passing -D to the command line.', line, 'Define', raw);
    }
    const name = args[0]!;
    if (name.includes(':')) throw this.error("Variable name must not contain ':'", line, 'Define', raw);
    this.defines.add(name);
    if (args.length === 2) this.variables.set(name, args[1]!);
  }

  private ignore(directive: string, line: number): void {
    this.ignored.push({ directive, file: this.file, line });
  }

  private addNote(n: LabNote): void {
    if (this.noted.has(n.text)) return;
    this.noted.add(n.text);
    this.notes.push(n);
  }
}

/** "ServerName: the argument is 5242880 characters long; ..." (a file line and --set alike). */
export function argumentTooLong(directive: string, length: number): string {
  return `${directive}: the argument is ${length} characters long; the lab takes at most ${MAX_ARGUMENT_CHARS} (httpd's MAX_STRING_LEN)`;
}

function cliModelConflictHint(cli: ModelName, loaded: string): string {
  return `the command line chose ${cli} and this line loads ${MPM_MODULE[loaded as ModelName]?.symbol ?? loaded}: leave the model off the command line to run the file's MPM, or change this line`;
}
