// The lesson pane's model: a lesson session's events (cli/lesson/session.ts) folded into what
// the pane shows for the current step, and its lines for a width and height. The words come
// from the events (the lesson's Markdown) or from the lesson's strings; this file only lays
// them out and colours them. Pure: no I/O, no clock.
import type { LessonEvent, QuestionView, StepPhase } from '../lesson/session.ts';
import { STRINGS as LS } from '../lesson/strings.ts';
import { fit, lineText, seg, wrapParts } from './line.ts';
import type { Line, Tone } from './line.ts';
import type { PaneSpec } from './layout.ts';
import { wrap } from './log-model.ts';
import { STRINGS as S } from './strings.ts';

export type LessonPhase = StepPhase | 'finished' | 'closed';

interface Block {
  label?: string; // "Why", "Hint 1/2": bold, on its own line
  text: string; // Markdown as the session formatted it
  tone?: Tone;
  more?: string; // a line of its own right under it (what a failed claim measured)
}

export class LessonTranscript {
  number = 0;
  title = '';
  private goal = '';
  private intro = '';
  stepIndex = -1;
  of = 0;
  stepTitle = '';
  phase: LessonPhase = 'ready';
  question: QuestionView | null = null;
  tryText: string | null = null;
  watching = false; // waiting for the learner's own action (watch())
  blocks: Block[] = [];
  failedClaims = 0;
  /** Changes on every event that changes what is shown: a new step scrolls to its top. */
  version = 0;
  stepVersion = 0;

  apply(e: LessonEvent): void {
    switch (e.type) {
      case 'lesson':
        this.number = e.number;
        this.title = e.title;
        this.goal = e.goal;
        this.intro = e.intro;
        this.of = e.steps.length;
        break;
      case 'step': {
        const s = e.step;
        const first = this.stepIndex === -1 && s.index === 0;
        this.stepIndex = s.index;
        this.of = e.of;
        this.stepTitle = s.title;
        this.phase = e.phase;
        this.question = s.question;
        this.tryText = s.tryText;
        this.watching = false;
        this.blocks = [];
        if (first && this.goal) this.blocks.push({ text: LS.goal(this.goal), tone: 'bold' });
        if (first && this.intro) this.blocks.push({ text: this.intro });
        this.blocks.push({ text: LS.stepHeading(s.index + 1, e.of, s.title), tone: 'bold' }, { text: s.text });
        if (s.question) this.blocks.push({ label: s.question.decides ? LS.decision : LS.question, text: [s.question.text, ...s.question.choices.map((c, i) => LS.choice(i + 1, c))].join('\n'), tone: 'yellow' });
        if (s.tryText) this.blocks.push({ label: LS.tryByHand, text: s.tryText });
        this.stepVersion++;
        break;
      }
      case 'answered':
        if (e.given) this.blocks.push({ text: `${LS.yourAnswer}: ${e.given}`, tone: 'cyan' });
        if (this.phase === 'question') this.phase = 'ready';
        break;
      case 'running':
        this.phase = 'running';
        this.watching = e.byHand;
        this.blocks.push({ text: e.text, tone: 'cyan' });
        break;
      case 'observed':
        this.phase = 'observed';
        this.watching = false;
        if (e.text) this.blocks.push({ label: LS.observed, text: e.text });
        break;
      case 'prediction':
        this.blocks.push({ text: e.result.text, tone: e.result.matched === true ? 'green' : e.result.matched === false ? 'yellow' : undefined });
        break;
      case 'explain':
        if (e.text) this.blocks.push({ label: LS.explain, text: e.text });
        break;
      case 'claim': {
        const r = e.result;
        if (!r.ok) this.failedClaims++;
        this.blocks.push({ text: `[${r.ok ? LS.claimOk : LS.claimFailed}] ${r.text}`, tone: r.ok ? 'green' : 'red', ...(r.ok ? {} : { more: LS.claimMeasured(r.measured) }) });
        break;
      }
      case 'hint':
        this.blocks.push({ label: LS.hint(e.tier, e.of), text: e.text, tone: 'yellow' });
        break;
      case 'answer':
        this.blocks.push({ label: LS.answer, text: e.text, tone: 'yellow' });
        break;
      case 'notice':
        this.blocks.push({ text: e.text, tone: 'dim' });
        break;
      case 'error':
        this.phase = 'ready';
        this.watching = false;
        this.blocks.push({ text: `[${LS.claimFailed}] ${e.text}`, tone: 'red' });
        break;
      case 'finished':
        this.phase = 'finished';
        if (e.text) this.blocks.push({ text: e.text });
        this.blocks.push({ text: this.failedClaims === 0 ? LS.finishedOk(this.number) : LS.finishedFailed(this.number, this.failedClaims), tone: this.failedClaims === 0 ? 'green' : 'red' });
        break;
      case 'closed':
        this.phase = 'closed';
        break;
      default:
        return; // lab events: the other panes show them
    }
    this.version++;
  }
}

/** Source lines joined into paragraphs and list items (Markdown wraps lines in the file). */
function paragraphs(text: string): { kind: 'text' | 'code' | 'blank'; text: string }[] {
  const out: { kind: 'text' | 'code' | 'blank'; text: string }[] = [];
  let fenced = false;
  for (const raw of text.split('\n')) {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push({ kind: 'code', text: raw });
      continue;
    }
    if (raw.trim() === '') {
      out.push({ kind: 'blank', text: '' });
      continue;
    }
    const last = out[out.length - 1];
    const starts = /^\s*((?:[-*]|\d+[.)])\s+|#{1,6}\s+|>)/.test(raw);
    if (last && last.kind === 'text' && !starts && !/^#{1,6}\s/.test(last.text)) last.text += ` ${raw.trim()}`;
    else out.push({ kind: 'text', text: raw.trimEnd() });
  }
  return out;
}

/** The lesson's Markdown as lines of `width`: paragraphs wrap, list items hang, code stays. */
export function markdownLines(text: string, width: number, tone?: Tone): Line[] {
  const out: Line[] = [];
  for (const p of paragraphs(text)) {
    if (p.kind === 'code') {
      out.push([seg(fit(`  ${p.text}`, width).trimEnd(), 'cyan')]);
      continue;
    }
    if (p.kind === 'blank') {
      if (out.length && lineText(out[out.length - 1]!) !== '') out.push([seg('')]);
      continue;
    }
    const line = p.text.replace(/\*\*/g, '');
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      for (const piece of wrap(heading[1]!, width)) out.push([seg(piece, 'bold')]);
      continue;
    }
    const item = /^(\s*(?:[-*]|\d+[.)])\s+)(.*)$/.exec(line);
    const lead = item ? item[1]! : '';
    const body = item ? item[2]! : line;
    const pieces = wrap(body, Math.max(10, width - lead.length));
    pieces.forEach((piece, i) => out.push([seg((i === 0 ? lead : ' '.repeat(lead.length)) + piece, tone)]));
  }
  while (out.length && lineText(out[out.length - 1]!) === '') out.pop();
  return out;
}

/** The step's transcript, every line, for `width`. */
export function transcriptLines(t: LessonTranscript, width: number): Line[] {
  const out: Line[] = [];
  for (const b of t.blocks) {
    if (out.length) out.push([seg('')]);
    if (b.label) out.push([seg(`${b.label}:`, 'bold')]);
    out.push(...markdownLines(b.text, width, b.tone));
    if (b.more) out.push(...markdownLines(b.more, width, b.tone));
  }
  return out;
}

export interface LessonInput {
  text: string; // what the learner typed
  active: boolean; // the step asks a question now: keys type into the line
}

/** The last line: the answer being typed, or what Enter does now. */
export function statusLine(t: LessonTranscript, input: LessonInput, width: number): Line {
  if (input.active) return [seg(S.lessonInputPrompt, 'bold'), seg(`${input.text}_`, 'cyan'), seg(fit(`  ${S.lessonInputHelp}`, Math.max(0, width - S.lessonInputPrompt.length - input.text.length - 1)), 'dim')];
  const text =
    t.phase === 'running' ? (t.watching ? S.lessonKeysWatching : S.lessonKeysRunning) : t.phase === 'observed' ? S.lessonKeysObserved : t.phase === 'finished' || t.phase === 'closed' ? S.lessonKeysFinished : S.lessonKeysReady;
  return [seg(fit(text, width), 'dim')];
}

/** Rows the pane needs: its title, a few lines of text and its status line; at most all of it. */
export function lessonHeight(t: LessonTranscript, width: number, min = 6): { min: number; want: number } {
  const title = titleLines(t, width).length;
  return { min: Math.max(min, title + 4), want: Math.max(min, title + transcriptLines(t, width).length + 1) };
}

export function lessonSpec(t: LessonTranscript, min = 6): PaneSpec {
  return { id: 'lesson', need: (width) => lessonHeight(t, width, min) };
}

function titleLines(t: LessonTranscript, width: number): Line[] {
  const parts = [S.lessonPaneTitle(t.number, t.title), ...(t.stepIndex >= 0 ? [S.lessonStep(t.stepIndex + 1, t.of)] : [])];
  return wrapParts(parts, width).map((l) => [seg(l, 'inverse')]);
}

export interface LessonView {
  lines: Line[];
  scroll: number; // the offset used (clamped)
  maxScroll: number;
}

/**
 * The pane: title, the transcript from `scroll` (null: follow the end, as new results come),
 * and the status line. Lines above or below the window are said on its first or last line.
 */
export function lessonLines(t: LessonTranscript, input: LessonInput, width: number, height: number, scroll: number | null): LessonView {
  const title = titleLines(t, width);
  const body = transcriptLines(t, width);
  const room = Math.max(0, height - title.length - 1);
  const maxScroll = Math.max(0, body.length - room);
  const from = scroll === null ? maxScroll : Math.min(Math.max(0, scroll), maxScroll);
  const shown = body.slice(from, from + room);
  if (from > 0 && shown.length > 0) shown[0] = [seg(fit(S.lessonAbove(from + 1), width), 'dim')];
  const below = body.length - from - shown.length;
  if (below > 0 && shown.length > 0) shown[shown.length - 1] = [seg(fit(S.lessonMore(below + 1), width), 'dim')];
  while (shown.length < room) shown.push([seg('')]);
  return { lines: [...title, ...shown, statusLine(t, input, width)].slice(0, Math.max(0, height)), scroll: from, maxScroll };
}
