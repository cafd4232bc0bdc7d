// "/": which model, process and thread served this request, and where to go next.
import { escapeHtml } from '../http/escape-html.ts';
import type { LabResponse } from '../http/types.ts';
import { servedBy } from './served-by.ts';
import type { Identity } from './types.ts';

const LINKS: [string, string][] = [
  ['/sleep?ms=2000', 'hold this slot for 2 seconds (watch it turn W in server-status)'],
  ['/module', 'enter the simulated non-thread-safe module and see how long you waited for its lock'],
  ['/block?ms=5000', "hold the module's lock for 5 seconds (needs the lab token)"],
  ['/crash', 'crash the process that serves the request (needs the lab token)'],
  ['/server-status', 'the scoreboard, as mod_status shows it'],
  ['/server-status?auto', 'the same, machine-readable'],
];

export function homePage(id: Identity): LabResponse {
  const items = LINKS.map(([href, what]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(href)}</a> - ${escapeHtml(what)}</li>`).join('\n');
  const body =
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>mpm-lab</title></head><body>\n' +
    `<h1>mpm-lab: ${id.model}</h1>\n` +
    `<p>This page was served by process ${id.pid}, thread ${escapeHtml(id.threadName)} (tid ${id.tid}), ` +
    `scoreboard slot ${id.processSlot}.${id.threadSlot}.</p>\n` +
    `<p><code>X-Served-By: ${escapeHtml(servedBy(id))}</code></p>\n` +
    `<ul>\n${items}\n</ul>\n</body></html>\n`;
  return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}
