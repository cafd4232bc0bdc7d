// `mpm-lab lessons --check`: a lesson's text and its steps agree. Pure: the parsed Markdown
// and the steps' definitions in, the problems out (an empty list: well-formed).
import type { LessonDef, StepDef } from '../../lessons/step-types.ts';
import { claimIds, hintTiers, splitChoices } from './markdown.ts';
import type { LessonText, StepText } from './markdown.ts';
import { placeholdersIn } from './placeholders.ts';

/** Sections shown before the experiment ran: only the facts read by prepare() exist then. */
const BEFORE_RUN = ['question', 'try', 'run', 'answer'];

export function checkLesson(text: LessonText, def: LessonDef): string[] {
  const problems = [...text.problems];
  if (!text.goal) problems.push('no "goal:" line before the first step');
  const mdIds = text.steps.map((s) => s.id);
  const codeIds = def.steps.map((s) => s.id);
  for (const id of codeIds) if (!mdIds.includes(id)) problems.push(`step "${id}" is in steps.ts but has no "## ${id}: Title" section in lesson.md`);
  for (const id of mdIds) if (!codeIds.includes(id)) problems.push(`lesson.md has "## ${id}" but steps.ts has no step "${id}"`);
  const common = codeIds.filter((id) => mdIds.includes(id));
  if (common.join() !== mdIds.filter((id) => codeIds.includes(id)).join()) {
    problems.push(`the steps are in a different order: steps.ts ${codeIds.join(', ')}; lesson.md ${mdIds.join(', ')}`);
  }
  if (new Set(codeIds).size !== codeIds.length) problems.push('steps.ts has a step id twice');
  const allFacts = new Set<string>();
  for (const step of def.steps) {
    for (const f of [...(step.prepares ?? []), ...step.facts]) allFacts.add(f);
    const md = text.steps.find((s) => s.id === step.id);
    if (md) problems.push(...checkStep(md, step, def).map((p) => `step "${step.id}": ${p}`));
  }
  if (text.end) {
    for (const name of placeholdersIn(text.end.text)) if (!allFacts.has(name)) problems.push(`"## end": {${name}} is no step's fact`);
    if (text.end.sections.size > 0) problems.push('"## end" has sections; it is text only');
  }
  for (const name of placeholdersIn(text.intro)) problems.push(`the introduction uses {${name}}, but no fact exists before the first step`);
  return problems;
}

function checkStep(md: StepText, step: StepDef, def: LessonDef): string[] {
  const problems: string[] = [];
  const prepared = new Set(step.prepares ?? []);
  const after = new Set([...prepared, ...step.facts]);
  if (step.labs.length === 0 && !step.ownsLabs) problems.push('runs no lab (labs: [])');
  for (const lab of step.labs) if (!(lab in def.labs)) problems.push(`lab "${lab}" is not one of the lesson's labs (${Object.keys(def.labs).join(', ')})`);
  if (!md.text) problems.push('has no text under its "##" heading');
  for (const required of ['observe', 'explain']) if (!md.sections.has(required)) problems.push(`has no "### ${required}" section`);

  // the question, its choices and its answer
  const question = md.sections.get('question');
  if (step.predict) {
    if (!step.facts.includes(step.predict.fact)) problems.push(`predicts fact "${step.predict.fact}", which run() does not return (facts: ${step.facts.join(', ')})`);
    if (question === undefined) problems.push('predicts, but lesson.md has no "### question"');
    else if (step.predict.kind === 'choice') {
      const n = splitChoices(question).choices.length;
      if (n !== step.predict.choices) problems.push(`the question has ${n} numbered choices ("1) ..."), steps.ts says ${step.predict.choices}`);
    }
    if (!md.sections.has('answer')) problems.push('predicts, but lesson.md has no "### answer"');
  } else if (question !== undefined) problems.push('lesson.md has a "### question" but steps.ts has no predict');

  // by hand
  if (step.byHand && !md.sections.has('try')) problems.push('can watch for the learner (byHand) but lesson.md has no "### try"');

  // hint tiers: exactly 1..hints
  const tiers = hintTiers(md);
  const expected = Array.from({ length: step.hints }, (_, i) => i + 1);
  if (tiers.join() !== expected.join()) problems.push(`hint tiers in lesson.md are [${tiers.join(', ')}], steps.ts says ${step.hints} (hint 1..${step.hints})`);

  // claims both ways, and what they read
  const mdClaims = claimIds(md);
  for (const claim of step.claims) {
    if (!mdClaims.includes(claim.id)) problems.push(`claim "${claim.id}" has no "### claim ${claim.id}" text`);
    for (const f of claim.facts) if (!after.has(f)) problems.push(`claim "${claim.id}" reads "${f}", which the step does not return`);
  }
  for (const id of mdClaims) if (!step.claims.some((c) => c.id === id)) problems.push(`lesson.md has "### claim ${id}" but steps.ts has no such claim`);

  // placeholders: every one a fact the step has at that moment
  const check = (where: string, text: string, known: Set<string>) => {
    for (const name of placeholdersIn(text)) if (!known.has(name)) problems.push(`${where} uses {${name}}, which is not a fact ${known === prepared ? 'read before the run (prepares)' : 'of this step'}`);
  };
  check('its text', md.text, prepared);
  for (const [name, body] of md.sections) {
    const beforeRun = BEFORE_RUN.includes(name) || name.startsWith('hint ');
    check(`"### ${name}"`, body, beforeRun ? prepared : after);
  }
  return problems;
}
