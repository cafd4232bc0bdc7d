// {name} placeholders in a lesson's text, filled from a step's facts. Pure.
import type { FactValue, Facts } from './session.ts';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a text uses, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/** How a fact reads in text: whole numbers as they are, others to one decimal. */
export function formatFact(value: FactValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return String(value);
}

export class MissingFactError extends Error {
  constructor(readonly names: string[]) {
    super(`no fact for ${names.map((n) => `{${n}}`).join(', ')}`);
    this.name = 'MissingFactError';
  }
}

/** Fills every {name}; a name with no fact is an error (checked by `mpm-lab lessons --check` before it can happen). */
export function fillPlaceholders(text: string, facts: Facts): string {
  const missing = placeholdersIn(text).filter((n) => !(n in facts));
  if (missing.length > 0) throw new MissingFactError(missing);
  return text.replace(PLACEHOLDER, (_, name: string) => formatFact(facts[name]!));
}
