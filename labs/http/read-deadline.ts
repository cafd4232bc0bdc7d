// mod_reqtimeout's deadline for one stage of reading a request (modules/filters/mod_reqtimeout.c):
// `timeout` from the start of the stage, pushed back by each byte received at MinRate bytes a
// second, never past `max` from the start. Unlike Timeout, which httpd applies to each read
// alone, this bounds the whole header block (or body), so a client that trickles is cut off.
// Pure: the caller gives the clock.

export interface ReadStage {
  timeoutMs: number; // 0 = this stage has no limit
  maxTimeoutMs: number; // 0 = no cap
  minRate: number; // bytes/s; 0 = no extension
}

/** RequestReadTimeout in force: the header block and the body (handshake is TLS only). */
export interface RequestReadTimeouts {
  header: ReadStage;
  body: ReadStage;
}

export type ReadStageName = 'header' | 'body';

export class StageDeadline {
  private at = 0;
  private max = 0;
  private msPerByte = 0;

  /** reqtimeout_filter's first read of a stage: the clock starts now. */
  start(stage: ReadStage, now: number): void {
    if (stage.timeoutMs <= 0) {
      this.at = 0;
      return;
    }
    this.at = now + stage.timeoutMs;
    this.max = stage.maxTimeoutMs > 0 ? now + stage.maxTimeoutMs : 0;
    // httpd's rate_factor: apr_time_from_sec(1) / min_rate microseconds per byte
    this.msPerByte = stage.minRate > 0 ? Math.floor(1_000_000 / stage.minRate) / 1000 : 0;
  }

  /** extend_timeout: bytes that arrived in this stage buy time at MinRate. */
  received(bytes: number): void {
    if (this.at === 0 || this.msPerByte === 0 || bytes <= 0) return;
    const next = this.at + bytes * this.msPerByte;
    this.at = this.max > 0 && next > this.max ? this.max : next;
  }

  stop(): void {
    this.at = 0;
  }

  get running(): boolean {
    return this.at > 0;
  }

  /** Milliseconds left (0 once passed); Infinity when no stage runs. */
  left(now: number): number {
    return this.at === 0 ? Infinity : Math.max(0, this.at - now);
  }
}

/** What httpd logs when a stage runs out (AH01382, level info, module reqtimeout). */
export function readTimeoutLogText(stage: ReadStageName): string {
  return `Request ${stage} read timeout`;
}
