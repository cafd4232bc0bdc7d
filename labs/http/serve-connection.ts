// HTTP/1.x on one accepted socket, the way an httpd worker serves a connection: read a
// request, hand it to the model, write the answer, then wait for the next one in keep-alive
// or close. Requests are served one at a time, in order; pipelined ones queue.
// Parsing is http-parser-js's (not node:http: Deno's closes keep-alive connections handed in),
// held to httpd's strict rules (strict-request.ts): what httpd refuses gets httpd's status.
import type net from 'node:net';
import { HTTPParser } from 'http-parser-js';
import { BAD_REQUEST_MESSAGE, errorResponse, TIMEOUT_MESSAGE } from './error-page.ts';
import { decideKeepAlive } from './keep-alive.ts';
import { atMessageBoundary, headerBlockBytes, readBodyChunked, readingBody, readStrictly, requestLineRead, unfinishedHeaderBytes, type Parser } from './parser-state.ts';
import { StageDeadline, type ReadStageName } from './read-deadline.ts';
import { buildRequest, type HeaderInfo } from './request.ts';
import { handlerHeaders, responseHead } from './response-head.ts';
import { checkHeaderBlock, LIMIT_REQUEST_FIELD_SIZE, LIMIT_REQUEST_FIELDS, RequestRefused } from './strict-request.ts';
import { AbortConnection } from './types.ts';
import type { ClosedBy, ConnectionHooks, ConnectionOptions, ConnectionSummary, ConnState, LabRequest, LabResponse } from './types.ts';

// What httpd's own limits allow: the request line and 100 header lines of 8190 bytes.
const DEFAULT_MAX_HEADER_BYTES = (LIMIT_REQUEST_FIELDS + 1) * (LIMIT_REQUEST_FIELD_SIZE + 4);
const MAX_QUEUED = 16; // pipelined requests read ahead before reading pauses
const LINGER_MS = 2000; // httpd's lingering close: wait this long for the client's FIN

type Phase = 'first' | 'reading' | 'serving' | 'keepalive' | 'closing' | 'closed';

export function serveConnection(socket: net.Socket, options: ConnectionOptions, hooks: ConnectionHooks): Promise<ConnectionSummary> {
  return new Promise((resolve) => new Connection(socket, options, hooks, resolve).start());
}

function clientOf(socket: net.Socket): string {
  let address = socket.remoteAddress ?? '?';
  if (address.startsWith('::ffff:')) address = address.slice(7);
  return `${address}:${socket.remotePort ?? 0}`;
}

class Connection {
  private readonly parser: Parser = new HTTPParser(HTTPParser.REQUEST);
  private readonly maxHeaderBytes: number;
  private readonly client: string;
  private phase: Phase = 'first';
  private readonly queue: LabRequest[] = [];
  private building: LabRequest | null = null; // the request whose body is being read
  private partialSince = 0; // epoch ms the unfinished message began, 0 = none
  private announcedR = false; // R was reported for the request about to be served
  private refusal: RequestRefused | null = null; // a malformed request follows the queued ones
  private readonly closeAfter = new Set<LabRequest>(); // served, then the connection closes
  private inFlight = false; // a handler is running or a response is being written
  private keepalives = 0;
  private requests = 0;
  private bytesOut = 0;
  private closedBy: ClosedBy | null = null;
  private clientEnded = false;
  private aborted = false;
  private socketClosed = false;
  private resolved = false;
  private reportedC = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // RequestReadTimeout: the stage being read and its deadline, apart from Timeout's timer
  private stage: ReadStageName | null = null;
  private readonly deadline = new StageDeadline();
  private stageTimer: ReturnType<typeof setTimeout> | undefined;
  private serving: LabRequest | null = null;
  private readonly onResponse = (res: LabResponse): void => {
    try {
      this.respond(res);
    } catch {
      // a response this layer cannot write (no body, say): the client sees the connection end
      this.inFlight = false;
      this.closedBy ??= 'error';
      this.destroy();
    }
  };
  private readonly onFailure = (err: unknown): void => this.failed(err);

  constructor(
    private readonly socket: net.Socket,
    private readonly options: ConnectionOptions,
    private readonly hooks: ConnectionHooks,
    private readonly resolve: (summary: ConnectionSummary) => void,
  ) {
    this.client = clientOf(socket);
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    readStrictly(this.parser);
    this.parser[HTTPParser.kOnHeadersComplete] = (...args: unknown[]): void => this.headersComplete(args);
    this.parser[HTTPParser.kOnBody] = (_chunk: Buffer, _offset: number, length: number): void => {
      if (this.building) this.building.bodyLength += length;
    };
    this.parser[HTTPParser.kOnMessageComplete] = (): void => this.messageComplete();
  }

  start(): void {
    const { socket } = this;
    // Answer requests that arrived before the client's FIN (e.g. `printf ... | nc`); this
    // side is ended by close() instead of automatically.
    socket.allowHalfOpen = true;
    socket.setNoDelay(true);
    socket.resume(); // a socket handed over from another process may arrive paused
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', () => this.onError());
    socket.on('close', () => this.onClose());
    if (socket.destroyed) {
      queueMicrotask(() => this.onClose());
      return;
    }
    const { signal } = this.options;
    if (signal) {
      if (signal.aborted) this.aborted = true;
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (this.aborted) this.close('server');
    else {
      this.arm(this.options.timeoutMs, this.onFirstTimeout);
      this.startStage('header'); // a new connection's first request: the clock runs from now
    }
  }

  // --- reading ---------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.phase === 'closing' || this.phase === 'closed' || this.refusal) return;
    if (!this.inFlight && this.phase !== 'reading') {
      if (this.phase === 'keepalive' && this.hooks.onKeptAliveRequest?.() === 'close') {
        this.closedBy ??= 'server';
        this.destroy();
        return;
      }
      this.phase = 'reading';
      this.announce('R');
    }
    this.deadline.received(chunk.length);
    if (!this.partialSince) this.partialSince = Date.now();
    const { parser } = this;
    let offset = 0;
    while (offset < chunk.length) {
      let used: number | Error;
      try {
        used = parser.execute(chunk, offset, chunk.length - offset);
      } catch (err) {
        used = err instanceof Error ? err : new Error(String(err));
      }
      if (used instanceof Error) {
        this.refusal = used instanceof RequestRefused ? used : new RequestRefused(400, BAD_REQUEST_MESSAGE);
        break;
      }
      if (used <= 0) break; // nothing consumed (an Upgrade stop): drop the rest
      offset += used;
    }
    if (this.ending()) return; // a callback may have closed it
    if (!this.refusal && unfinishedHeaderBytes(parser) > this.maxHeaderBytes) this.refusal = new RequestRefused(400, BAD_REQUEST_MESSAGE);
    this.partialSince = !this.refusal && atMessageBoundary(parser) ? 0 : this.partialSince || Date.now();
    this.next();
  }

  private headersComplete(args: unknown[]): void {
    // http-parser-js passes one info object unless something flipped it to the old
    // positional form (reading HTTPParser.kOnExecute does): accept both.
    const [a, b, headers, method, url] = args;
    const info = (typeof a === 'object' && a !== null ? a : { versionMajor: a, versionMinor: b, headers, method, url }) as HeaderInfo;
    if (headerBlockBytes(info.url, info.headers) > this.maxHeaderBytes) throw new RequestRefused(400, BAD_REQUEST_MESSAGE);
    // httpd's refusals once the header block is in (400, 417, 501) are thrown from here and
    // answered by the connection, which then closes
    const verdict = checkHeaderBlock({ method: String(info.method), target: info.url, versionMajor: info.versionMajor, versionMinor: info.versionMinor }, info.headers);
    const req = buildRequest(info, this.client, this.partialSince || Date.now());
    if (!req) throw new RequestRefused(400, BAD_REQUEST_MESSAGE);
    if (verdict.chunked) readBodyChunked(this.parser);
    if (verdict.closeAfter) this.closeAfter.add(req);
    this.building = req;
    if (verdict.body) this.startStage('body');
    else this.stopStage();
    if (req.httpVersion === '1.1' && req.headers['expect']?.toLowerCase() === '100-continue') {
      this.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
  }

  private messageComplete(): void {
    const req = this.building;
    this.building = null;
    this.partialSince = 0;
    this.stopStage();
    if (req) this.queue.push(req);
    if (this.queue.length >= MAX_QUEUED) this.socket.pause();
  }

  /** Decide what to do now that reading or serving has moved on. */
  private next(): void {
    if (this.inFlight || this.phase === 'closing' || this.phase === 'closed') return;
    if (this.queue.length) return this.serveNext();
    if (this.refusal) return this.sendError(this.refusal.status, this.refusal.note, 'bad-request');
    if (this.clientEnded) return this.close('client');
    if (this.aborted && !this.partialSince) return this.close('server');
    if (this.partialSince) {
      if (this.phase !== 'reading') {
        this.phase = 'reading';
        this.announce('R');
      }
      this.arm(this.options.timeoutMs, this.onReadTimeout); // per read, as httpd's Timeout
      // a kept-alive request: from its first byte; one read ahead: from when its turn comes
      if (this.stage === null) this.startStage(readingBody(this.parser) ? 'body' : 'header');
      return;
    }
    this.idle();
  }

  private idle(): void {
    this.announcedR = false;
    if (this.requests === 0) {
      this.phase = 'first';
      this.arm(this.options.timeoutMs, this.onFirstTimeout);
      return;
    }
    this.phase = 'keepalive';
    this.report('K');
    if (this.socketClosed || this.socket.destroyed) {
      this.closedBy ??= 'server'; // the caller closed it on K (a child that is leaving)
      return;
    }
    if (this.hooks.onIdleKeepAlive?.() === 'close') return this.close('server');
    this.arm(this.options.keepAliveTimeoutMs, this.onKeepAliveTimeout);
  }

  // --- serving ---------------------------------------------------------------------------

  private serveNext(): void {
    const req = this.queue.shift()!;
    if (this.socket.isPaused() && this.queue.length < MAX_QUEUED / 2) this.socket.resume();
    this.clearTimer();
    this.stopStage(); // a request read ahead is timed again once this one is answered
    this.phase = 'serving';
    this.inFlight = true;
    this.serving = req;
    if (!this.announcedR) this.report('R'); // a pipelined request, read while another was served
    this.announcedR = false;
    this.report('W', req);
    this.requests++;
    let pending: Promise<LabResponse>;
    try {
      pending = this.hooks.onRequest(req);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(this.onResponse, this.onFailure);
  }

  private failed(err: unknown): void {
    if (err instanceof AbortConnection || (err instanceof Error && err.name === 'AbortConnection')) {
      this.inFlight = false;
      this.closedBy ??= 'server';
      this.destroy();
      return;
    }
    this.respond(errorResponse(500, 'The server encountered an internal error and was unable to complete your request.'));
  }

  private respond(res: LabResponse): void {
    const req = this.serving!;
    this.serving = null;
    if (this.socketClosed || this.socket.destroyed) {
      this.inFlight = false;
      this.finish();
      return;
    }
    const own = res.own ?? handlerHeaders(res.headers);
    const decision = decideKeepAlive({
      options: this.options,
      keepalives: this.keepalives,
      httpVersion: req.httpVersion,
      connection: req.headers['connection'],
      status: res.status,
      close: res.close === true || this.aborted || this.closeAfter.delete(req),
      wimpy: own.connectionClose,
    });
    if (decision.keepAlive) this.keepalives++;
    const body = res.body;
    const noBody = res.headOnly === true || req.method === 'HEAD';
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const head = responseHead(res.status, own, length, decision.headerLines);
    let flushed: boolean;
    if (noBody || length === 0) flushed = this.write(head);
    else if (typeof body === 'string') flushed = this.write(head + body);
    else {
      this.socket.cork();
      this.write(head);
      flushed = this.write(body);
      this.socket.uncork();
    }
    const keep = decision.keepAlive;
    if (flushed) this.afterResponse(keep);
    else this.waitDrain(() => this.afterResponse(keep));
  }

  private afterResponse(keepAlive: boolean): void {
    this.inFlight = false;
    if (this.socketClosed) return this.finish();
    if (!keepAlive) return this.close('server');
    this.next();
  }

  private sendError(status: number, message: string, by: ClosedBy): void {
    this.clearTimer();
    this.closedBy ??= by;
    if (!this.announcedR) this.report('R');
    this.announcedR = false;
    this.report('W');
    const res = errorResponse(status, message);
    const own = handlerHeaders(res.headers);
    this.write(responseHead(status, own, Buffer.byteLength(res.body as string), 'Connection: close\r\n') + (res.body as string));
    this.close(by);
  }

  // --- writing and closing ---------------------------------------------------------------

  private write(data: string | Uint8Array): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return true;
    this.bytesOut += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    return this.socket.write(data);
  }

  private waitDrain(then: () => void): void {
    const onDrain = (): void => {
      this.clearTimer();
      then();
    };
    this.socket.once('drain', onDrain);
    this.arm(this.options.timeoutMs, () => {
      this.socket.off('drain', onDrain);
      this.closedBy ??= 'timeout';
      this.inFlight = false;
      this.destroy();
    });
  }

  private close(by: ClosedBy): void {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    this.closedBy ??= by;
    this.phase = 'closing';
    this.clearTimer();
    this.stopStage();
    this.report('C');
    if (this.socket.destroyed) return this.onClose();
    this.socket.end();
    this.socket.resume(); // keep reading (and dropping) until the client's FIN: lingering close
    this.arm(LINGER_MS, () => this.destroy());
  }

  private destroy(): void {
    this.clearTimer();
    this.stopStage();
    if (!this.reportedC) this.report('C');
    this.phase = 'closing';
    this.socket.destroy();
  }

  // --- events ----------------------------------------------------------------------------

  private onEnd(): void {
    this.clientEnded = true;
    if (this.phase === 'closing' || this.phase === 'closed') {
      this.socket.destroy(); // the FIN lingering close waited for
      return;
    }
    this.closedBy ??= 'client';
    this.next(); // idle: close now; busy: after the response
  }

  private onError(): void {
    this.closedBy ??= 'error';
    this.destroy();
  }

  private onClose(): void {
    if (this.socketClosed) return;
    this.socketClosed = true;
    this.closedBy ??= 'client';
    if (!this.reportedC) this.report('C');
    this.phase = 'closed';
    this.finish();
  }

  private readonly onAbort = (): void => {
    this.aborted = true;
    if (this.phase === 'first' || this.phase === 'keepalive') this.close('server');
  };

  private readonly onFirstTimeout = (): void => {
    if (this.phase === 'first') this.close('timeout');
  };

  private readonly onReadTimeout = (): void => {
    if (this.phase === 'reading' && !this.inFlight) this.timedOut();
  };

  /**
   * A read timed out. httpd answers 408 once the request line is in (ap_get_mime_headers_core,
   * the body); a request line that never ended is only logged, and the connection closed.
   */
  private timedOut(): void {
    if (requestLineRead(this.parser)) this.sendError(408, TIMEOUT_MESSAGE, 'timeout');
    else this.close('timeout');
  }

  // --- RequestReadTimeout ----------------------------------------------------------------

  private startStage(stage: ReadStageName): void {
    const limits = this.options.requestReadTimeout;
    if (!limits || this.inFlight) return; // httpd reads the next request only after this one
    this.stage = stage;
    this.deadline.start(limits[stage], Date.now());
    this.armStage();
  }

  private stopStage(): void {
    this.stage = null;
    this.deadline.stop();
    if (this.stageTimer !== undefined) {
      clearTimeout(this.stageTimer);
      this.stageTimer = undefined;
    }
  }

  /** One timer for the stage, re-armed when it fires early (bytes at MinRate bought time). */
  private armStage(): void {
    if (this.stageTimer !== undefined) clearTimeout(this.stageTimer);
    this.stageTimer = undefined;
    const left = this.deadline.left(Date.now());
    if (left !== Infinity) this.stageTimer = setTimeout(this.onStageTimer, left);
  }

  private readonly onStageTimer = (): void => {
    this.stageTimer = undefined;
    const stage = this.stage;
    if (stage === null || this.inFlight || this.ending()) return;
    if (this.deadline.left(Date.now()) > 0) return this.armStage();
    this.stopStage();
    this.options.onReadTimeout?.(stage);
    this.timedOut();
  };

  private readonly onKeepAliveTimeout = (): void => {
    if (this.phase === 'keepalive') this.close('keepalive-timeout');
  };

  // --- helpers ---------------------------------------------------------------------------

  private ending(): boolean {
    return this.phase === 'closing' || this.phase === 'closed';
  }

  /** R when a request's first byte arrives; remembered so serveNext does not repeat it. */
  private announce(state: 'R'): void {
    this.announcedR = true;
    this.report(state);
  }

  private report(state: ConnState, req?: LabRequest): void {
    if (state === 'C') {
      if (this.reportedC) return;
      this.reportedC = true;
    }
    try {
      this.hooks.onState?.(state, req);
    } catch {
      // a scoreboard write that fails must not take the connection down with it
    }
  }

  /**
   * Runs `fn` in `ms` unless re-armed or cleared first. One timer serves the connection's whole
   * life, re-armed lazily: a request on a kept-alive connection clears the wait and the next
   * idle time arms a later one, which only moves `dueAt`; when the timer fires before that, it
   * sets itself again for what is left. Two field writes per request, not a timer each.
   */
  private arm(ms: number, fn: () => void): void {
    if (ms <= 0) return this.clearTimer();
    // A timer longer than 2^31-1 ms (24.8 days; "Timeout 2147484") would fire at once instead.
    const wait = Math.min(ms, 2 ** 31 - 1);
    this.dueAt = Date.now() + wait;
    this.dueFn = fn;
    if (this.timer === undefined || this.timerAt > this.dueAt) this.setTimer(wait);
  }

  private clearTimer(): void {
    this.dueFn = null; // the timer, if set, finds nothing due when it fires
  }

  private dueAt = 0;
  private dueFn: (() => void) | null = null;
  private timerAt = 0;

  private setTimer(wait: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = Date.now() + wait;
    this.timer = setTimeout(this.onTimer, wait);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    const fn = this.dueFn;
    if (fn === null) return;
    const left = this.dueAt - Date.now();
    if (left > 0) return this.setTimer(left);
    this.dueFn = null;
    fn();
  };

  private dropTimer(): void {
    this.dueFn = null;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private finish(): void {
    if (this.resolved || !this.socketClosed || this.inFlight) return;
    this.resolved = true;
    this.dropTimer(); // no timer may keep a closed connection alive
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.resolve({ requests: this.requests, bytesOut: this.bytesOut, closedBy: this.closedBy ?? 'client' });
  }
}
