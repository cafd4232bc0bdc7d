// LabRequest across postMessage: URLSearchParams does not survive structured clone, so a
// model that runs handlers in worker threads sends this instead and rebuilds the query there.
// Built field by field (no rest spread): this runs twice per request on the listener's path.
import type { LabRequest } from './types.ts';

export type WireRequest = Omit<LabRequest, 'query'> & { search: string };

export function toWire(req: LabRequest): WireRequest {
  return {
    method: req.method,
    url: req.url,
    path: req.path,
    search: req.query.size === 0 ? '' : req.query.toString(),
    httpVersion: req.httpVersion,
    headers: req.headers,
    requestLine: req.requestLine,
    client: req.client,
    receivedAt: req.receivedAt,
    bodyLength: req.bodyLength,
  };
}

export function fromWire(wire: WireRequest): LabRequest {
  return {
    method: wire.method,
    url: wire.url,
    path: wire.path,
    query: new URLSearchParams(wire.search),
    httpVersion: wire.httpVersion,
    headers: wire.headers,
    requestLine: wire.requestLine,
    client: wire.client,
    receivedAt: wire.receivedAt,
    bodyLength: wire.bodyLength,
  };
}
