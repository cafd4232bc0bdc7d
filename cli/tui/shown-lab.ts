// One lab as the live view follows it: its log, the marks of processes that came and went,
// the traffic the view sent it, the reader of its scoreboard and /proc, and the keys'
// actions on it. `run` has one for its whole life; a lesson one per lab it starts.
import { describeSignal } from '../../labs/log/signal-names.ts';
import type { ResolvedConfig } from '../../labs/config/types.ts';
import type { LabEvent, Mpm, MpmQuery, StartedLab } from '../../labs/mpm.ts';
import { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import { LabActions } from './lab-actions.ts';
import { LabReader } from './lab-reader.ts';
import { LogBuffer } from './log-model.ts';
import { MarkTracker } from './marks.ts';

export class ShownLab {
  readonly marks = new MarkTracker(undefined, true);
  readonly recorder = new TrafficRecorder();
  readonly reader: LabReader;
  readonly actions: LabActions;
  state: MpmQuery['state'];
  // what was drawn last, to skip the work when nothing changed
  trafficVersion = -1;
  logVersion = -1;
  lastSignature = '';

  constructor(
    readonly name: string,
    readonly mpm: Mpm,
    readonly started: StartedLab,
    readonly log: LogBuffer,
    changed: () => void,
    reread?: () => ResolvedConfig | undefined,
  ) {
    this.reader = new LabReader(mpm, started);
    this.actions = new LabActions({ mpm, lab: started, recorder: this.recorder, ...(reread ? { reread } : {}), changed });
    this.state = mpm.query().state;
  }

  /** One of the lab's events: a log line, a child that came or went, a state. */
  onEvent(e: LabEvent): void {
    if (e.type === 'log') this.log.pushEntry(e.entry);
    else if (e.type === 'exit') {
      const why = e.signal ? describeSignal(e.signal) : `code ${e.code ?? 0}`;
      this.marks.exited(e.pid, e.crashed, why, Date.now());
      this.reader.invalidate();
    } else if (e.type === 'spawn') this.reader.invalidate();
    else if (e.type === 'state') this.state = e.state;
  }

  close(): void {
    this.actions.close();
  }
}
