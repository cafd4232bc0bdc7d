// The plain transcript: each lesson event as lines of text, for screen readers, handouts and
// CI. Pure: an event in, lines out. The words come from the event (the lesson's Markdown) or
// strings.ts; this file only lays them out.
import { formatLogEntry } from '../../labs/log/error-log.ts';
import type { LessonEvent } from './session.ts';
import { STRINGS } from './strings.ts';

export interface RenderState {
  running: boolean; // lab log lines are shown while an experiment runs
}

const indent = (text: string, by = '  ') =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

export function renderEvent(event: LessonEvent, state: RenderState): string[] {
  switch (event.type) {
    case 'lesson':
      return [STRINGS.lessonHeading(event.number, event.title), STRINGS.goal(event.goal), '', ...(event.intro ? [event.intro, ''] : [])];
    case 'lab-started':
      return [`[${STRINGS.labStarted(event.lab.name, event.lab.url, event.lab.pid)}]`];
    case 'lab-stopped':
      return [`[${STRINGS.labStopped(event.name)}]`];
    case 'lab-event':
      if (!state.running || event.event.type !== 'log') return [];
      return [indent(formatLogEntry(event.event.entry), '  | ')];
    case 'step': {
      const s = event.step;
      const lines = ['', STRINGS.stepHeading(s.index + 1, event.of, s.title), '', s.text];
      if (s.question) {
        lines.push('', `${s.question.decides ? STRINGS.decision : STRINGS.question}: ${s.question.text}`);
        s.question.choices.forEach((c, i) => lines.push(indent(STRINGS.choice(i + 1, c))));
      }
      if (s.tryText) lines.push('', `${STRINGS.tryByHand}:`, indent(s.tryText));
      return lines;
    }
    case 'answered':
      return event.given ? [`${STRINGS.yourAnswer}: ${event.given}`] : [];
    case 'running':
      state.running = true;
      return ['', event.text];
    case 'observed':
      state.running = false;
      return ['', `${STRINGS.observed}:`, indent(event.text)];
    case 'prediction':
      return ['', event.result.text];
    case 'explain':
      return event.text ? ['', `${STRINGS.explain}:`, indent(event.text)] : [];
    case 'claim': {
      const r = event.result;
      const head = `  [${r.ok ? STRINGS.claimOk : STRINGS.claimFailed}] ${r.text.replace(/\n/g, ' ')}`;
      return r.ok ? [head] : [head, `      ${STRINGS.claimMeasured(r.measured)}`];
    }
    case 'hint':
      return [`${STRINGS.hint(event.tier, event.of)}: ${event.text}`];
    case 'answer':
      return [`${STRINGS.answer}: ${event.text}`];
    case 'notice':
      return [event.text];
    case 'error':
      state.running = false;
      return [`  [${STRINGS.claimFailed}] ${event.text}`];
    case 'finished':
      return ['', ...(event.text ? [event.text, ''] : [])];
    case 'closed':
      return [];
  }
}
