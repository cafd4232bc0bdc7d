// /server-status and /server-status?auto, served by the lab itself so tools written for
// Apache read it as they read Apache. Options are found as mod_status finds them: anywhere
// in the query string ("?auto", "?refresh=5&auto").
import type { LabRequest, LabResponse } from '../http/types.ts';
import { renderStatusAuto } from '../status/auto.ts';
import { renderStatusHtml } from '../status/html.ts';
import type { HandlerContext } from './types.ts';

/** GET and HEAD only: handle-request.ts answers the other methods for every lab endpoint. */
export function serverStatus(req: LabRequest, ctx: HandlerContext): LabResponse {
  const q = req.url.indexOf('?');
  const args = q === -1 ? '' : req.url.slice(q + 1);
  const headers: Record<string, string> = {};
  const refresh = args.indexOf('refresh');
  if (refresh !== -1) {
    const after = args.slice(refresh + 'refresh'.length);
    const seconds = after.startsWith('=') ? Number.parseInt(after.slice(1), 10) : 0;
    headers['Refresh'] = String(Number.isFinite(seconds) && seconds >= 1 ? seconds : 10);
  }
  const { snapshot, info } = ctx.status();
  if (args.includes('auto')) {
    headers['Content-Type'] = 'text/plain; charset=ISO-8859-1';
    return { status: 200, headers, body: renderStatusAuto(snapshot, info) };
  }
  headers['Content-Type'] = 'text/html; charset=ISO-8859-1';
  return { status: 200, headers, body: renderStatusHtml(snapshot, info) };
}
