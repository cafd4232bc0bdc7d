// The top line: what is being watched, and the view's state on the right. Pure.
import { fit, seg } from './line.ts';
import type { Line } from './line.ts';

export function headerLine(left: string, right: string, width: number): Line {
  const r = right ? ` ${right} ` : '';
  const room = Math.max(0, width - r.length);
  return [seg(fit(` ${left}`, room), 'inverse'), ...(r ? [seg(r, 'inverse')] : [])];
}

export function labHeader(o: { model: string; url: string; pid: number; generation: number; processes: number; threads: number }): string {
  return `mpm-lab ${o.model}  ${o.url}  parent ${o.pid}  generation ${o.generation}  ${o.processes} processes, ${o.threads} threads`;
}
