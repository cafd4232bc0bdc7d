// The traffic pane: what the UI's own load did, from the traffic recorder: completions per
// second as a sparkline, failures beside it, latency percentiles over the last 10 s, and the
// last action's outcome. Pure.
import type { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { formatMs } from '../plain/units.ts';
import { fit, seg, wrapParts } from './line.ts';
import { wrap } from './log-model.ts';
import type { Line } from './line.ts';
import type { PaneSpec } from './layout.ts';
import { sparkline } from './sparkline.ts';
import { STRINGS as S } from './strings.ts';

export interface TrafficState {
  concurrency: number;
  held: number; // idle keep-alive connections this UI holds open
  action: { text: string; failed: boolean } | null; // the last action and how it went
  keys?: string; // the keys that send requests, as the view binds them ("f s k b x")
}

export const TRAFFIC_WINDOW_MS = 10_000;

function titleLines(state: TrafficState, inFlight: number, width: number): Line[] {
  return wrapParts(S.trafficTitle(state.concurrency, inFlight, state.held), width).map((t) => [seg(t, 'inverse')]);
}

function actionLines(state: TrafficState, width: number): Line[] {
  const action = state.action ?? { text: S.trafficIdle(state.keys ?? S.trafficKeysRun), failed: false };
  const tone = action.failed ? 'red' : state.action ? 'cyan' : 'dim';
  // wrapped whole: the outcome of the last key is what the learner waits for
  return wrap(action.text, Math.max(10, width - 2)).map((t, i) => [seg(fit(`${i === 0 ? '»' : ' '} ${t}`, width), tone)]);
}

/**
 * Rows the pane needs: its title, the chart, the figures and the last action whole; when
 * `compact` (beside a lesson) the figures line may go.
 */
export function trafficHeight(recorder: TrafficRecorder, state: TrafficState, width: number, compact = false): { min: number; want: number } {
  const want = titleLines(state, recorder.summary(TRAFFIC_WINDOW_MS).inFlight, width).length + 2 + actionLines(state, width).length;
  return { min: compact ? want - 1 : want, want };
}

export function trafficSpec(recorder: TrafficRecorder, state: TrafficState, compact = false): PaneSpec {
  return { id: 'traffic', need: (width) => trafficHeight(recorder, state, width, compact) };
}

export function trafficLines(recorder: TrafficRecorder, state: TrafficState, width: number, height: number): Line[] {
  const s = recorder.summary(TRAFFIC_WINDOW_MS);
  const lines: Line[] = titleLines(state, s.inFlight, width);

  // "req/s <spark> 1234  failed <spark> 12": the sparklines share the space left, 3:1.
  const okNow = String(Math.round(s.lastSecondOk));
  const failNow = String(s.failed);
  const room = Math.max(4, width - S.trafficRate.length - ' '.length - 5 - S.trafficFailed.length - ' '.length - 4);
  const okBars = Math.max(2, Math.floor((room * 3) / 4));
  const failBars = Math.max(2, room - okBars);
  const series = recorder.series(okBars);
  const fails = recorder.series(failBars).failed;
  const top = Math.max(1, ...series.ok, ...fails);
  lines.push([
    seg(S.trafficRate),
    seg(sparkline(series.ok, top), 'green'),
    seg(` ${fit(okNow, 5)}`),
    seg(S.trafficFailed),
    seg(sparkline(fails, top), 'red'),
    seg(` ${fit(failNow, 4)}`, s.failed ? 'red' : undefined),
  ]);

  const l = s.latency;
  const errors = Object.entries(s.errors).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const stats = wrapParts([S.trafficStats(s.ok, s.failed, errors), ...(l ? [S.trafficLatency(formatMs(l.p50), formatMs(l.p90), formatMs(l.p99))] : [])], width)[0]!;
  const action = actionLines(state, width);
  // Short of rows the figures go first, then the action's last lines.
  if (lines.length + 1 + action.length <= height) lines.push([seg(stats, s.failed ? 'yellow' : undefined)]);
  lines.push(...action);
  return lines.slice(0, Math.max(0, height));
}
