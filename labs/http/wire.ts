// LabRequest across postMessage: URLSearchParams does not survive structured clone, so a
// model that runs handlers in worker threads sends this instead and rebuilds the query there.
import type { LabRequest } from './types.ts';

export type WireRequest = Omit<LabRequest, 'query'> & { search: string };

export function toWire(req: LabRequest): WireRequest {
  const { query, ...rest } = req;
  return { ...rest, search: query.toString() };
}

export function fromWire(wire: WireRequest): LabRequest {
  const { search, ...rest } = wire;
  return { ...rest, query: new URLSearchParams(search) };
}
