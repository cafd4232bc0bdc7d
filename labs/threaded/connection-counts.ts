// A child's connection counts in its process record (event's ConnsTotal, ConnsAsyncKeepAlive,
// ConnsAsyncClosing) and whether it accepts, written by the child's listener thread only.
import fs from 'node:fs';
import { P, processOffset } from '../scoreboard/layout.ts';

export class ConnectionCounts {
  connections = 0;
  keepAlive = 0;
  closing = 0;
  writing = 0;
  waitIo = 0;
  private readonly buf = new Uint8Array(20);
  private readonly view = new DataView(this.buf.buffer);

  constructor(
    private readonly fd: number,
    private readonly slot: number,
  ) {}

  /** Writes the counts once this turn of the event loop is over (several changes, one write). */
  flushSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private scheduled = false;
  private notAccepting = false;

  /**
   * event's listener stops accepting above its connection limit and starts again below it
   * (event.c disable_listensocks / enable_listensocks); maintenance then leaves its idle
   * threads out of the count, so that another process may be started. Written at once.
   */
  accepting(yes: boolean): void {
    if (this.notAccepting === !yes) return;
    this.notAccepting = !yes;
    fs.writeSync(this.fd, new Uint8Array([yes ? 0 : 1]), 0, 1, processOffset(this.slot) + P.notAccepting);
  }

  get isAccepting(): boolean {
    return !this.notAccepting;
  }

  flush(): void {
    const v = this.view;
    v.setUint32(0, this.connections, true);
    v.setUint32(4, this.keepAlive, true);
    v.setUint32(8, this.closing, true);
    v.setUint32(12, this.writing, true);
    v.setUint32(16, this.waitIo, true);
    fs.writeSync(this.fd, this.buf, 0, 20, processOffset(this.slot) + P.connections);
  }
}
