// Error bodies shaped like httpd's built-in ones (modules/http/http_protocol.c), so what a
// learner sees with curl looks like what Apache sends.
import { escapeHtml } from './escape-html.ts';
import { reasonPhrase } from './status-text.ts';
import type { LabResponse } from './types.ts';

export function errorPage(status: number, message: string): string {
  const reason = reasonPhrase(status);
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n' +
    `<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n` +
    `<h1>${reason}</h1>\n<p>${escapeHtml(message)}</p>\n</body></html>\n`
  );
}

export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): LabResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=iso-8859-1', ...headers }, body: errorPage(status, message) };
}

export const BAD_REQUEST_MESSAGE = 'Your browser sent a request that this server could not understand.';
export const TIMEOUT_MESSAGE = 'Server timeout waiting for the HTTP request from the client.';
export const NOT_FOUND_MESSAGE = 'The requested URL was not found on this server.';
export const FIELD_TOO_LONG_NOTE = 'Size of a request header field exceeds server limit.';
export const TOO_MANY_FIELDS_NOTE = "The number of request header fields exceeds this server's limit.";
export const URI_TOO_LONG_MESSAGE = "The requested URL's length exceeds the capacity limit for this server.";
export const EXPECTATION_FAILED_MESSAGE = 'The expectation given in the Expect request-header field could not be met by this server.';
export const CHUNK_TOO_LARGE_MESSAGE = 'The chunk size is larger than the server accepts.';
export const notImplementedMessage = (method: string): string => `${method} not supported for current URL.`;
