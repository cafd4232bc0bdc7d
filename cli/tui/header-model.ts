// The top line: what is shown, and the view's state on the right. Pure.
import { fit, seg, width as textWidth } from './line.ts';
import type { Line } from './line.ts';
import { STRINGS as S } from './strings.ts';

export function headerLine(left: string, right: string, width: number): Line {
  const r = right ? ` ${right} ` : '';
  const room = Math.max(0, width - r.length);
  return [seg(fit(` ${left}`, room), 'inverse'), ...(r ? [seg(r, 'inverse')] : [])];
}

/** The longest description of the lab that fits `room` columns. */
export function labHeader(o: { model: string; url: string; pid: number; generation: number; processes: number; threads: number }, room: number): string {
  const forms = S.labHeader(o);
  return forms.find((f) => textWidth(f) + 1 <= room) ?? forms[forms.length - 1]!;
}
