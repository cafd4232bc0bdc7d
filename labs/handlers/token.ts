// The lab token guards what can hurt the server (/crash, /block): accepted as the header
// X-Lab-Token or the query parameter token, compared in constant time. server-status never
// shows it: labs/http/mask-token.ts masks every form of the parameter this accepts.
import { timingSafeEqual } from 'node:crypto';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { text } from './text.ts';

export function hasToken(req: LabRequest, token: string): boolean {
  const given = Buffer.from(req.headers['x-lab-token'] ?? req.query.get('token') ?? '');
  const expected = Buffer.from(token);
  return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected);
}

export function tokenRefused(req: LabRequest): LabResponse {
  return text(
    403,
    `${req.path} needs the lab token, and this request did not carry the right one.\n` +
      'The token is printed when the lab starts and stored in the run folder, readable only by its user; ' +
      'the mpm-lab commands send it for you.\n' +
      `By hand: curl -H 'X-Lab-Token: TOKEN' URL, or add ?token=TOKEN to the URL.`,
  );
}
