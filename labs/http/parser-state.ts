// The looks inside http-parser-js (pinned at 0.5.x), kept in this one file:
// - whether the parser sits between two messages or holds part of one: the connection needs
//   it to tell an idle keep-alive connection (KeepAliveTimeout, close silently) from a
//   half-read request (Timeout);
// - how many bytes of an unfinished header block it holds. Its own maxHeaderSize check adds
//   up every byte of a data chunk, so a burst of small pipelined requests trips it; the
//   connection turns it off and counts per message instead;
// - httpd's strict reading (strict-request.ts) put in place of its lenient line reader,
//   request line, header line and chunk-size parsers, so that what httpd refuses is refused
//   while the line is read, with httpd's status, and the rest stays http-parser-js's.
import { HTTPParser } from 'http-parser-js';
import { FIELD_TOO_LONG_NOTE } from './error-page.ts';
import {
  LIMIT_REQUEST_FIELD_SIZE,
  LIMIT_REQUEST_LINE,
  RequestRefused,
  addHeaderLine,
  bad,
  chunkTooLarge,
  lineFits,
  parseChunkSize,
  parseRequestLine,
  partialLineFits,
  uriTooLong,
} from './strict-request.ts';

export type Parser = InstanceType<typeof HTTPParser>;

interface Internals {
  state?: string;
  line?: string;
  info?: { headers?: string[]; url?: string };
}

export function atMessageBoundary(parser: Parser): boolean {
  const p = parser as unknown as Internals;
  return p.state === 'REQUEST_LINE' && p.line === '';
}

/** Whether the request line is read (the header block has begun). */
export function requestLineRead(parser: Parser): boolean {
  return (parser as unknown as Internals).state !== 'REQUEST_LINE';
}

/** Bytes of the request line and headers read so far, when a header block is unfinished. */
export function unfinishedHeaderBytes(parser: Parser): number {
  const p = parser as unknown as Internals;
  if (p.state !== 'REQUEST_LINE' && p.state !== 'HEADER') return 0;
  let bytes = p.line?.length ?? 0;
  if (p.state === 'HEADER') bytes += headerBlockBytes(p.info?.url ?? '', p.info?.headers ?? []);
  return bytes;
}

/** About the size of a header block on the wire: request line, "Name: value\r\n" lines. */
export function headerBlockBytes(url: string, headers: readonly string[]): number {
  let bytes = url.length + 20; // method, spaces, "HTTP/1.1\r\n", the blank line
  for (const part of headers) bytes += part.length + 2;
  return bytes;
}

/** Whether the header block is read and the body is being read. */
export function readingBody(parser: Parser): boolean {
  return (parser as unknown as Internals).state?.startsWith('BODY') === true;
}

/** The body is chunked although the parser did not see it ("Transfer-Encoding: gzip, chunked"). */
export function readBodyChunked(parser: Parser): void {
  (parser as unknown as { isChunked: boolean }).isChunked = true;
}

/** httpd skips up to this many empty lines before a request line (DEFAULT_LIMIT_BLANK_LINES). */
const BLANK_LINES = 10;

interface StrictParser {
  state: string;
  line: string;
  chunk: Buffer;
  offset: number;
  end: number;
  body_bytes: number | null;
  maxHeaderSize: number;
  blankLines: number;
  info: { method?: number | string; url?: string; versionMajor?: number; versionMinor?: number; headers: string[] };
  consumeLine(): string | undefined;
}

/** A line too long for the state it is read in: the request line 414, a header line 400. */
function tooLong(state: string): RequestRefused {
  if (state === 'REQUEST_LINE') return uriTooLong();
  if (state === 'BODY_CHUNKHEAD') return chunkTooLarge();
  return bad(FIELD_TOO_LONG_NOTE);
}

const limitFor = (state: string) => (state === 'REQUEST_LINE' ? LIMIT_REQUEST_LINE : LIMIT_REQUEST_FIELD_SIZE);

/** Makes `parser` read as httpd 2.4 does with HttpProtocolOptions Strict. */
export function readStrictly(parser: Parser): void {
  const p = parser as unknown as StrictParser & Record<string, unknown>;
  p.blankLines = 0;
  p.maxHeaderSize = Number.MAX_SAFE_INTEGER; // counted per message by the connection instead
  // Every line ends with CRLF (a bare LF is 400), is read as bytes (latin1 keeps obs-text
  // as it came; http-parser-js' 'ascii' would clear the high bit) and has httpd's length limit,
  // checked while it arrives: a 20,000-byte request line is refused after 8,192 bytes.
  p.consumeLine = function (this: StrictParser): string | undefined {
    const { end, chunk } = this;
    for (let i = this.offset; i < end; i++) {
      if (chunk[i] === 0x0a) {
        const line = this.line + chunk.toString('latin1', this.offset, i);
        if (line.charCodeAt(line.length - 1) !== 13) throw bad();
        this.line = '';
        this.offset = i + 1;
        if (!lineFits(line.length - 1, limitFor(this.state))) throw tooLong(this.state);
        return line.slice(0, -1);
      }
    }
    this.line += chunk.toString('latin1', this.offset, end);
    this.offset = end;
    if (!partialLineFits(this.line.length, limitFor(this.state))) throw tooLong(this.state);
    return undefined;
  };
  p.REQUEST_LINE = function (this: StrictParser): void {
    const line = this.consumeLine();
    if (line === undefined) return;
    if (line === '') {
      if (++this.blankLines > BLANK_LINES) throw bad();
      return;
    }
    this.blankLines = 0;
    const r = parseRequestLine(line);
    // a string method: http-parser-js knows only its own list, httpd answers others 501 later
    this.info.method = r.method;
    this.info.url = r.target;
    this.info.versionMajor = r.versionMajor;
    this.info.versionMinor = r.versionMinor;
    this.body_bytes = 0;
    this.state = 'HEADER';
  };
  p.parseHeader = (line: string, headers: string[]): void => addHeaderLine(line, headers);
  p.BODY_CHUNKHEAD = function (this: StrictParser): void {
    const line = this.consumeLine();
    if (line === undefined) return;
    this.body_bytes = parseChunkSize(line);
    this.state = this.body_bytes ? 'BODY_CHUNK' : 'BODY_CHUNKTRAILERS';
  };
  // Each message starts the parser afresh (http-parser-js calls its constructor again), which
  // would put back its own header size limit.
  p.reinitialize = function (this: StrictParser, type: string): void {
    (HTTPParser as unknown as (this: unknown, type: string) => void).call(this, type);
    this.maxHeaderSize = Number.MAX_SAFE_INTEGER;
    this.blankLines = 0;
  };
}
