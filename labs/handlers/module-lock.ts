// /block and /module: a simulated non-thread-safe module, guarded by one lock per process.
// /block?ms=N holds the lock; /module waits for it and says how long that took.
import type { LabRequest, LabResponse } from '../http/types.ts';
import { readMs } from './ms-param.ts';
import { text } from './text.ts';
import { hasToken, tokenRefused } from './token.ts';
import type { HandlerContext } from './types.ts';

const WHY =
  "This lock is what links the threads of one process, as with real non-thread-safe modules: while one thread holds it, every other thread of the same process that needs the module waits, and other processes do not.";

export async function blockEndpoint(req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  if (!hasToken(req, ctx.token)) return tokenRefused(req);
  const ms = readMs(req);
  if (!ms.ok) return text(400, ms.message);
  await ctx.moduleLock.hold(ms.ms);
  return text(200, `Held the module lock of process ${ctx.identity.pid} for ${ms.ms} ms.\n${WHY}`);
}

export async function moduleEndpoint(_req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  const waited = await ctx.moduleLock.enter();
  return text(200, `Waited ${Math.round(waited)} ms for the module lock of process ${ctx.identity.pid}, then entered the module and left it.\n${WHY}`);
}
