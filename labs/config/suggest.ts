// "did you mean ...?" for a misspelled directive: the closest known name by edit distance.

import { DIRECTIVES } from './directives.ts';
import { HTTPD_DIRECTIVES } from './httpd-directives.ts';
import type { ModelName } from './types.ts';

/** Optimal string alignment distance (Levenshtein plus swapping two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[rows - 1]![cols - 1]!;
}

/**
 * The closest directive name to `word`: the lab's own directives of `model` first, then every other
 * lab directive, then the rest of httpd's. Undefined when nothing is close enough to be a typo.
 */
export function suggestDirective(word: string, model?: ModelName): string | undefined {
  // httpd's longest directive name has under 40 letters: a far longer word is no typo of one,
  // and comparing it with every name would take minutes.
  if (word.length > 64) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const tiers: string[][] = [
    DIRECTIVES.filter((d) => !model || d.models.includes(model)).flatMap((d) => [d.name, ...d.aliases]),
    DIRECTIVES.flatMap((d) => [d.name, ...d.aliases]),
    [...HTTPD_DIRECTIVES.values()],
  ];
  for (const names of tiers) {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const name of names) {
      const distance = editDistance(word, name);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    if (best !== undefined && bestDistance <= limit && bestDistance > 0) return best;
  }
  return undefined;
}
