// The lab's endpoints. Every response says who served it (X-Served-By).
import { errorResponse, NOT_FOUND_MESSAGE } from '../http/error-page.ts';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { crashEndpoint } from './crash.ts';
import { homePage } from './home.ts';
import { blockEndpoint, moduleEndpoint } from './module-lock.ts';
import { withServedBy } from './served-by.ts';
import { serverStatus } from './server-status.ts';
import { sleepEndpoint } from './sleep.ts';
import { serveFile } from './static-files.ts';
import type { HandlerContext } from './types.ts';

const ENDPOINTS = new Set(['/', '/sleep', '/crash', '/block', '/module', '/server-status']);

// The lab's own endpoints take GET and HEAD, and answer OPTIONS.
const ENDPOINT_METHODS = 'GET,HEAD,OPTIONS';

async function route(req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  // The lab refuses TRACE on every URL, as httpd does with TraceEnable off (its default, On,
  // echoes the request back): 405 with an empty Allow, as httpd 2.4.71 sends it.
  if (req.method === 'TRACE') return errorResponse(405, 'The requested method TRACE is not allowed for this URL.', { Allow: '' });
  // "OPTIONS *" asks about the server, not a resource: 200 without Allow (http_core.c).
  if (req.method === 'OPTIONS' && req.path === '*') return { status: 200, headers: {}, body: '' };
  if (ENDPOINTS.has(req.path) && req.method !== 'GET' && req.method !== 'HEAD') {
    if (req.method === 'OPTIONS') return { status: 200, headers: { Allow: ENDPOINT_METHODS }, body: '' };
    return errorResponse(405, `The requested method ${req.method} is not allowed for this URL.`, { Allow: ENDPOINT_METHODS });
  }
  switch (req.path) {
    case '/':
      return homePage(ctx.identity);
    case '/sleep':
      return sleepEndpoint(req, ctx);
    case '/block':
      return blockEndpoint(req, ctx);
    case '/module':
      return moduleEndpoint(req, ctx);
    case '/server-status':
      return serverStatus(req, ctx);
  }
  if (ctx.documentRoot) return serveFile(req, ctx.documentRoot);
  return errorResponse(404, NOT_FOUND_MESSAGE);
}

export async function handleRequest(req: LabRequest, ctx: HandlerContext): Promise<LabResponse> {
  // /crash is left outside the catch below: the process is meant to die, not answer 500.
  if (req.path === '/crash' && (req.method === 'GET' || req.method === 'HEAD')) {
    return withServedBy(await crashEndpoint(req, ctx), ctx.identity);
  }
  let res: LabResponse;
  try {
    res = await route(req, ctx);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    res = errorResponse(500, `The lab's handler for ${req.path} failed: ${why}`);
  }
  return withServedBy(res, ctx.identity);
}
