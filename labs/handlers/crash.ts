// /crash[?after=MS]: the serving process dies, as if a module crashed in it, at once or after
// MS ms of work (so that a lesson can crash a thread while its siblings are busy). Nothing is
// written first: the client sees its connection die, as do all others this process serves.
import type { LabRequest, LabResponse } from '../http/types.ts';
import { readMs } from './ms-param.ts';
import { text } from './text.ts';
import { hasToken, tokenRefused } from './token.ts';
import type { HandlerContext } from './types.ts';

export async function crashEndpoint(req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  if (!hasToken(req, ctx.token)) return tokenRefused(req);
  const after = readMs(req, 'after', true);
  if (!after.ok) return text(400, after.message);
  if (after.ms > 0) await ctx.sleep(after.ms);
  return ctx.crash();
}
