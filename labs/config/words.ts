// httpd's line and word reading (server/util.c): logical lines with "\" continuation, words with
// quotes (ap_getword_conf), and ${VAR} substitution (ap_resolve_env).

export interface LogicalLine {
  text: string; // trimmed, continuation joined
  line: number; // httpd reports the last physical line of a continued line
  firstLine: number;
}

/**
 * Physical lines to logical lines as ap_varbuf_cfg_getline does: a "\" as the very last character joins
 * the next line (a "\" followed by spaces does not), then leading and trailing white space go.
 */
export function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const out: LogicalLine[] = [];
  let buffer = '';
  let first = 0;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i]!;
    if (buffer === '') first = i + 1;
    if (raw.endsWith('\\') && i < physical.length - 1) {
      buffer += raw.slice(0, -1);
      continue;
    }
    buffer += raw;
    out.push({ text: buffer.trim(), line: i + 1, firstLine: first });
    buffer = '';
  }
  return out;
}

/** ap_getword_conf: one word from `text` at `pos`; quotes group, \" and \\ are unescaped inside them. */
export function nextWord(text: string, pos: number): { word: string; next: number } {
  let i = pos;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  const quote = text[i];
  let word = '';
  if (quote === '"' || quote === "'") {
    i++;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) i++;
      word += text[i];
      i++;
    }
    if (text[i] === quote) i++;
  } else {
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (text[i] === '\\' && text[i + 1] === '\\') i++;
      word += text[i];
      i++;
    }
  }
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return { word, next: i };
}

/** Every word of `text`. An empty quoted word ("") counts: httpd then says the directive lacks an argument. */
export function words(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const { word, next } = nextWord(text, pos);
    out.push(word);
    if (next === pos) break;
    pos = next;
  }
  return out;
}

/** The directive name and the rest of the line, as ap_build_config_sub splits them. */
export function splitDirective(text: string): { name: string; rest: string } {
  const { word, next } = nextWord(text, 0);
  return { name: word, rest: text.slice(next) };
}

/**
 * ap_resolve_env: ${NAME} from Define'd variables, then the environment. An unknown name is left as it
 * is and reported (AH00111), except names with a ':' (those belong to other modules' syntaxes).
 */
export function resolveVariables(
  text: string,
  lookup: (name: string) => string | undefined,
): { text: string; undefinedNames: string[] } {
  const undefinedNames: string[] = [];
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    const value = lookup(name);
    if (value !== undefined) return value;
    if (!name.includes(':')) undefinedNames.push(name);
    return whole;
  });
  return { text: out, undefinedNames };
}
