// The panes of the live view and what each needs, for layout.ts: the same for the screen and
// for the tests that lay it out at 80x24, 100x30, 120x40 and 200x50. Pure.
import type { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import type { LabPanes } from './layout.ts';
import { lessonSpec } from './lesson-model.ts';
import type { LessonTranscript } from './lesson-model.ts';
import { LOG_SPEC } from './log-model.ts';
import { scoreboardSpec } from './scoreboard-model.ts';
import type { ScoreboardModel } from './scoreboard-model.ts';
import { trafficSpec } from './traffic-model.ts';
import type { TrafficState } from './traffic-model.ts';
import { treeSpec } from './tree-lines.ts';
import type { TreeRow } from './tree-model.ts';

export interface PanesInput {
  rows: readonly TreeRow[];
  board: ScoreboardModel;
  recorder: TrafficRecorder;
  traffic: TrafficState;
  lesson: LessonTranscript | null;
}

/** Beside a lesson the lab's panes give up their extras first: the scoreboard's key, the figures line. */
export function dashboardPanes(p: PanesInput): LabPanes {
  const inLesson = p.lesson !== null;
  return {
    tree: inLesson ? treeSpec(p.rows, 4, 6) : treeSpec(p.rows, 5, 8),
    side: [scoreboardSpec(p.board, inLesson), trafficSpec(p.recorder, p.traffic, inLesson)],
    log: LOG_SPEC,
    ...(p.lesson ? { lesson: lessonSpec(p.lesson) } : {}),
  };
}
