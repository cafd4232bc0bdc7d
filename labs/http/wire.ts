// LabRequest across postMessage, as one string: URLSearchParams does not survive structured
// clone, and one flat string is the cheapest thing to clone (a copy of its bytes; an object
// costs a property definition per field on the other side). Fields are joined with NUL, which
// no field can hold: httpd's strict reading refuses NUL in the target and in header values.
// This runs twice per request on the listener's path and once on the thread's.
import type { LabRequest } from './types.ts';

export type WireRequest = string;

const SEP = '\0';

export function toWire(req: LabRequest): WireRequest {
  let text =
    req.method + SEP + req.url + SEP + req.path + SEP + (req.query.size === 0 ? '' : req.query.toString()) + SEP +
    req.httpVersion + SEP + req.requestLine + SEP + req.client + SEP + req.receivedAt + SEP + req.bodyLength;
  const { headers } = req;
  for (const name in headers) text += SEP + name + SEP + headers[name]!;
  return text;
}

/** A request read from the wire: plain fields, and the query parsed when a handler asks (few
 * do; it costs more than all the rest). A class, not an object literal with a getter, which
 * V8 builds on its slow path. */
class WiredRequest implements LabRequest {
  readonly #search: string;
  #query: URLSearchParams | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly path: string,
    search: string,
    readonly httpVersion: LabRequest['httpVersion'],
    readonly headers: Record<string, string>,
    readonly requestLine: string,
    readonly client: string,
    readonly receivedAt: number,
    public bodyLength: number,
  ) {
    this.#search = search;
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#search));
  }
}

export function fromWire(wire: WireRequest): LabRequest {
  const f = wire.split(SEP);
  const headers: Record<string, string> = {};
  for (let i = 9; i + 1 < f.length; i += 2) headers[f[i]!] = f[i + 1]!;
  return new WiredRequest(f[0]!, f[1]!, f[2]!, f[3]!, f[4] as LabRequest['httpVersion'], headers, f[5]!, f[6]!, +f[7]!, +f[8]!);
}
