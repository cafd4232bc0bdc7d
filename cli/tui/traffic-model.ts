// The traffic pane: what the UI's own load did, from the traffic recorder: completions per
// second as a sparkline, failures beside it, latency percentiles over the last 10 s, and the
// last action's outcome. Pure.
import type { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { formatMs } from '../plain/units.ts';
import { fit, seg } from './line.ts';
import type { Line } from './line.ts';
import { sparkline } from './sparkline.ts';

export interface TrafficState {
  concurrency: number;
  held: number; // idle keep-alive connections this UI holds open
  action: { text: string; failed: boolean } | null; // the last action and how it went
}

export const TRAFFIC_WINDOW_MS = 10_000;

export function trafficHeight(): { min: number; want: number } {
  return { min: 4, want: 4 };
}

export function trafficLines(recorder: TrafficRecorder, state: TrafficState, width: number, height: number): Line[] {
  const s = recorder.summary(TRAFFIC_WINDOW_MS);
  const title = `Traffic sent from here  concurrency ${state.concurrency}  in flight ${s.inFlight}  keep-alive held ${state.held}`;
  const lines: Line[] = [[seg(fit(title, width), 'inverse')]];

  // "req/s <spark> 1234  failed <spark> 12": the sparklines share the space left, 3:1.
  const okNow = String(Math.round(s.lastSecondOk));
  const failNow = String(s.failed);
  const room = Math.max(4, width - 'req/s '.length - ' '.length - 5 - '  failed '.length - ' '.length - 4);
  const okBars = Math.max(2, Math.floor((room * 3) / 4));
  const failBars = Math.max(2, room - okBars);
  const series = recorder.series(okBars);
  const fails = recorder.series(failBars).failed;
  const top = Math.max(1, ...series.ok, ...fails);
  lines.push([
    seg('req/s '),
    seg(sparkline(series.ok, top), 'green'),
    seg(` ${fit(okNow, 5)}`),
    seg('  failed '),
    seg(sparkline(fails, top), 'red'),
    seg(` ${fit(failNow, 4)}`, s.failed ? 'red' : undefined),
  ]);

  const l = s.latency;
  const errors = Object.entries(s.errors).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  const stats = `last 10 s: ${s.ok} ok, ${s.failed} failed${errors ? ` (${errors})` : ''}` + (l ? `  p50 ${formatMs(l.p50)} p90 ${formatMs(l.p90)} p99 ${formatMs(l.p99)} ms` : '');
  lines.push([seg(fit(stats, width), s.failed ? 'yellow' : undefined)]);
  const action = state.action ?? { text: 'keys f s k b x send requests to the lab; ? explains each', failed: false };
  if (height >= 4) lines.push([seg(fit(`» ${action.text}`, width), action.failed ? 'red' : state.action ? 'cyan' : 'dim')]);
  return lines.slice(0, Math.max(0, height));
}
