// Reads an exercise's Markdown (fixtures/exercises/NN-name/exercise.md). Pure: text in, parts out.
//
//   # Title
//   goal: one line                the goal, with its numbers
//   (paragraphs)                  what the learner is to do, which directives matter
//   ## hint N                     hints, in order
//   ## pass                       what verify says when the goal holds ({facts} filled in)
//   ## fail ID                    what it says for each failure or cause judge() can name
import { fillPlaceholders } from '../lesson/placeholders.ts';
import type { FactValue } from '../../lessons/exercise-check/types.ts';

export interface ExerciseText {
  title: string;
  goal: string;
  intro: string;
  hints: string[];
  sections: Map<string, string>; // 'pass', 'fail late', ...
  problems: string[];
}

const HEADING = /^(hint [1-9]\d*|pass|fail [a-z0-9][a-z0-9-]*)$/;

export function parseExerciseMarkdown(source: string): ExerciseText {
  const out: ExerciseText = { title: '', goal: '', intro: '', hints: [], sections: new Map(), problems: [] };
  let current: string | null = null;
  let buffer: string[] = [];
  const flush = () => {
    const text = buffer.join('\n').trim();
    buffer = [];
    if (current === null) {
      const rest: string[] = [];
      for (const line of text.split('\n')) {
        const goal = /^goal:\s*(.*)$/i.exec(line);
        if (goal && !out.goal) out.goal = goal[1]!.trim();
        else rest.push(line);
      }
      out.intro = rest.join('\n').trim();
    } else if (current.startsWith('hint ')) out.hints.push(text);
    else out.sections.set(current, text);
  };
  source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      if (line.startsWith('# ') && !out.title) {
        out.title = line.slice(2).trim();
        return;
      }
      if (!line.startsWith('## ')) {
        buffer.push(line);
        return;
      }
      flush();
      const heading = line.slice(3).trim();
      if (!HEADING.test(heading)) out.problems.push(`line ${i + 1}: unknown section "## ${heading}" (hint N, pass, fail ID)`);
      else if (out.sections.has(heading)) out.problems.push(`line ${i + 1}: "## ${heading}" twice`);
      current = heading;
    });
  flush();
  if (!out.title) out.problems.push('no "# Title" line');
  if (!out.goal) out.problems.push('no "goal:" line');
  return out;
}

/** The verdict in words: each finding's section, facts filled in, one paragraph each. */
export function verdictText(text: ExerciseText, findings: readonly string[], facts: Readonly<Record<string, FactValue>>): string[] {
  return findings.map((id) => {
    const section = text.sections.get(id === 'pass' ? 'pass' : `fail ${id}`);
    return section === undefined ? id : fillPlaceholders(section, facts).replace(/\s*\n\s*/g, ' ');
  });
}
