// A step's claims against its facts. Pure: the facts come from the live lab, the words from
// lesson.md. A claim that throws or reads a fact that is missing does not hold.
import type { ClaimDef } from '../../lessons/step-types.ts';
import { fillPlaceholders, formatFact } from './placeholders.ts';
import type { ClaimResult, Facts } from './session.ts';

export function checkClaims(claims: readonly ClaimDef[], facts: Facts, texts: ReadonlyMap<string, string>): ClaimResult[] {
  return claims.map((claim) => {
    const measured = claim.facts.map((name) => `${name}=${name in facts ? formatFact(facts[name]!) : '(missing)'}`).join(' ');
    let ok: boolean;
    try {
      ok = claim.facts.every((name) => name in facts) && claim.holds(facts) === true;
    } catch {
      ok = false;
    }
    const template = texts.get(`claim ${claim.id}`) ?? claim.id;
    let text: string;
    try {
      text = fillPlaceholders(template, facts);
    } catch {
      text = template;
    }
    return { id: claim.id, ok, text, measured };
  });
}
