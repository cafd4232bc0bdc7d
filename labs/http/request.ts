// A LabRequest from what http-parser-js reports at the end of the header block, once
// strict-request.ts has checked it. Returns null for a target httpd answers with 400 (a bad
// %-escape).
import { HTTPParser } from 'http-parser-js';
import { maskTokenInTarget } from './mask-token.ts';
import type { LabRequest } from './types.ts';

export const REQUEST_LINE_MAX = 96; // the scoreboard's request field

export interface HeaderInfo {
  versionMajor: number;
  versionMinor: number;
  headers: string[]; // name, value, name, value...
  method: number | string;
  url: string;
}

function headerRecord(flat: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i]!.toLowerCase();
    const prev = headers[name];
    headers[name] = prev === undefined ? flat[i + 1]! : `${prev}, ${flat[i + 1]!}`;
  }
  return headers;
}

/** The origin-form part of a target: "/p?q" stays, "http://h/p?q" becomes "/p?q". */
function originForm(url: string): string | null {
  if (url.charCodeAt(0) === 47 /* / */) return url;
  if (url === '*') return url;
  const lower = url.slice(0, 8).toLowerCase();
  if (lower.startsWith('http://') || lower.startsWith('https://')) {
    const slash = url.indexOf('/', lower.startsWith('https') ? 8 : 7);
    return slash === -1 ? '/' : url.slice(slash);
  }
  return null;
}

export function buildRequest(info: HeaderInfo, client: string, receivedAt: number): LabRequest | null {
  const method = typeof info.method === 'number' ? HTTPParser.methods[info.method] : info.method;
  if (!method || info.versionMajor < 1) return null;
  const target = originForm(info.url);
  if (target === null) return null;
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  let path = rawPath;
  if (rawPath.indexOf('%') !== -1) {
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return null; // a bad %-escape: httpd answers 400 too
    }
  }
  // "HTTP/9.9" is served as HTTP/1.1 (httpd keeps its number, 9009, and answers in 1.1)
  const httpVersion = info.versionMajor > 1 || info.versionMinor >= 1 ? '1.1' : '1.0';
  // As shown to others (scoreboard, server-status): the fault token masked, however it was encoded.
  const shownUrl = info.url.slice(0, info.url.length - target.length) + maskTokenInTarget(target);
  const requestLine = `${method} ${shownUrl} HTTP/${info.versionMajor}.${info.versionMinor}`;
  return {
    method,
    url: info.url,
    path,
    query: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)),
    httpVersion,
    headers: headerRecord(info.headers),
    requestLine: requestLine.length > REQUEST_LINE_MAX ? requestLine.slice(0, REQUEST_LINE_MAX) : requestLine,
    client,
    receivedAt,
    bodyLength: 0,
  };
}
