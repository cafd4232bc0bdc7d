// What a key does in a lesson, by the step's phase; and what typing does to the answer line.
// Pure: the dashboard calls the session with the result.
import type { QuestionView } from '../lesson/session.ts';
import type { LessonAction } from './keys.ts';
import type { LessonPhase } from './lesson-model.ts';

export type SessionCall = 'answer' | 'run' | 'next' | 'back' | 'hint' | 'showAnswer' | 'reset' | 'page-up' | 'page-down' | null;

/**
 * Enter goes on: it sends the answer (empty: no prediction), runs the experiment (also while
 * the lab watches for the learner's own action), or moves to the next step once it ran.
 */
export function lessonCall(action: LessonAction, phase: LessonPhase, watching: boolean): SessionCall {
  if (phase === 'closed') return null;
  switch (action) {
    case 'lesson-go':
      if (phase === 'question') return 'answer';
      if (phase === 'ready') return 'run';
      if (phase === 'running') return watching ? 'run' : null;
      if (phase === 'observed') return 'next';
      return null; // finished: q leaves, R starts over
    case 'lesson-next':
      return phase === 'finished' ? null : 'next';
    case 'lesson-back':
      return 'back';
    case 'lesson-run':
      return phase === 'finished' || (phase === 'running' && !watching) ? null : 'run';
    case 'lesson-hint':
      return 'hint';
    case 'lesson-answer':
      return 'showAnswer';
    case 'lesson-reset':
      return 'reset';
    case 'lesson-page-up':
      return 'page-up';
    case 'lesson-page-down':
      return 'page-down';
  }
}

export interface KeyPress {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

export const MAX_ANSWER = 40;

/**
 * A key typed into the answer line while a question waits: the new text, or null when the
 * key is not typing (it goes on to its action). A number or a choice takes digits and a
 * decimal point, so that letters stay the keys; a free-text question takes every printable key.
 */
export function typeInto(text: string, ch: string | undefined, key: KeyPress, question: QuestionView | null): string | null {
  if (!question || key.ctrl || key.meta) return null;
  if (key.name === 'backspace') return text.slice(0, -1);
  if (key.name === 'enter' || key.name === 'return' || key.name === 'escape' || key.name === 'tab') return null;
  if (!ch || ch.length !== 1 || ch < ' ' || ch === '\x7f') return null;
  const numeric = question.kind === 'number' || question.kind === 'choice';
  if (numeric && !/^[0-9.,]$/.test(ch)) return null;
  return text.length >= MAX_ANSWER ? text : text + ch;
}
