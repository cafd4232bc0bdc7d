// Reads a lesson's Markdown into its parts. Pure: text in, sections out.
//
//   # Title                      the lesson's title
//   goal: one line               the sentence the learner should be able to say at the end
//   (paragraphs)                 the lesson's introduction
//   ## step-id: Step title       one per step, in the order of steps.ts; its text follows
//   ### question | try | run | observe | explain | answer | hint N | claim CLAIM-ID
//   ## end: Title                the closing text (optional)
//
// Headings inside ``` fences are text. Anything else is reported by checkLessonText().

export interface StepText {
  id: string;
  title: string;
  text: string; // the paragraphs under "## id: Title", before its first "###"
  sections: Map<string, string>; // 'question', 'hint 1', 'claim two-children'... -> text
  line: number; // where "## id" is, for error messages
}

export interface LessonText {
  title: string;
  goal: string;
  intro: string;
  steps: StepText[]; // in the file's order
  end: StepText | null;
  problems: string[]; // what could not be read (a heading without an id, a duplicate...)
}

export const SECTION_KINDS = ['question', 'try', 'run', 'observe', 'explain', 'answer'] as const;
const SECTION = /^(question|try|run|observe|explain|answer|hint [1-9]\d*|claim [a-z0-9][a-z0-9-]*)$/;

function trimBlock(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

export function parseLessonMarkdown(source: string): LessonText {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: LessonText = { title: '', goal: '', intro: '', steps: [], end: null, problems: [] };
  let fenced = false;
  let buffer: string[] = [];
  let step: StepText | null = null;
  let section: string | null = null;
  const ids = new Set<string>();

  const flush = () => {
    const text = trimBlock(buffer);
    buffer = [];
    if (!step) {
      // before the first step: "goal:" line and the introduction
      const rest: string[] = [];
      for (const line of text.split('\n')) {
        const goal = /^goal:\s*(.*)$/i.exec(line);
        if (goal && !out.goal) out.goal = goal[1]!.trim();
        else rest.push(line);
      }
      out.intro = trimBlock(rest);
    } else if (section === null) step.text = text;
    else step.sections.set(section, text);
  };

  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced || !/^#{1,3} /.test(line)) {
      buffer.push(line);
      return;
    }
    const level = line.indexOf(' ');
    const heading = line.slice(level + 1).trim();
    if (level === 1) {
      if (out.title) out.problems.push(`line ${i + 1}: a second "# " title`);
      else out.title = heading;
      return;
    }
    flush();
    if (level === 2) {
      const m = /^([a-z0-9][a-z0-9-]*):\s*(.+)$/.exec(heading);
      section = null;
      if (!m) {
        out.problems.push(`line ${i + 1}: "## ${heading}" should be "## step-id: Title" (lower-case id)`);
        step = null;
        buffer = [];
        return;
      }
      step = { id: m[1]!, title: m[2]!.trim(), text: '', sections: new Map(), line: i + 1 };
      if (ids.has(step.id)) out.problems.push(`line ${i + 1}: step "${step.id}" appears twice`);
      ids.add(step.id);
      if (step.id === 'end') out.end = step;
      else out.steps.push(step);
      return;
    }
    // ###
    if (!step) {
      out.problems.push(`line ${i + 1}: "### ${heading}" outside a step`);
      section = null;
      return;
    }
    const name = heading.toLowerCase().replace(/\s+/g, ' ');
    if (!SECTION.test(name)) {
      out.problems.push(`line ${i + 1}: unknown section "### ${heading}" in step "${step.id}" (question, try, run, observe, explain, answer, hint N, claim ID)`);
      section = null;
      return;
    }
    if (step.sections.has(name)) out.problems.push(`line ${i + 1}: "### ${heading}" appears twice in step "${step.id}"`);
    section = name;
  });
  flush();
  if (fenced) out.problems.push('a ``` fence is not closed');
  if (!out.title) out.problems.push('no "# Title" line');
  return out;
}

/** A question's numbered choices ("1) text" lines), and the question text without them. */
export function splitChoices(question: string): { text: string; choices: string[] } {
  const choices: string[] = [];
  const rest: string[] = [];
  for (const line of question.split('\n')) {
    const m = /^\s*(\d+)\)\s+(.*)$/.exec(line);
    if (m && Number(m[1]) === choices.length + 1) choices.push(m[2]!.trim());
    else rest.push(line);
  }
  return { text: trimBlock(rest), choices };
}

/** The hint tiers a step's text has, in order: [1, 2, ...]. */
export function hintTiers(step: StepText): number[] {
  return [...step.sections.keys()]
    .map((k) => /^hint (\d+)$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The claim ids a step's text has. */
export function claimIds(step: StepText): string[] {
  return [...step.sections.keys()].filter((k) => k.startsWith('claim ')).map((k) => k.slice(6));
}
