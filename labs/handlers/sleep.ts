// /sleep?ms=N: hold the serving slot for N ms, the way a slow script holds an httpd worker.
import type { LabRequest, LabResponse } from '../http/types.ts';
import { readMs } from './ms-param.ts';
import { servedBy } from './served-by.ts';
import { text } from './text.ts';
import type { HandlerContext } from './types.ts';

export async function sleepEndpoint(req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  const ms = readMs(req);
  if (!ms.ok) return text(400, ms.message);
  await ctx.sleep(ms.ms);
  return text(200, `Slept ${ms.ms} ms, holding ${servedBy(ctx.identity)} all along.`);
}
