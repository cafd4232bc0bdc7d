// While a step watches for the learner's `kill -USR1 PID` or `mpm-lab ctl graceful`: this
// process is the lab's parent, so it answers SIGUSR1 as httpd's parent does (and as
// `mpm-lab run` does), with a graceful restart through labs/operations. Only for as long as
// the step watches: off() gives SIGUSR1 back to the runtime.
import { gracefulRestart } from '../../labs/operations/index.ts';
import type { LabHandle } from '../step-types.ts';

export interface GracefulSignal {
  /** When SIGUSR1 came (Date.now()), or null while none has. */
  at(): number | null;
  off(): void;
}

export function answerGracefulSignal(lab: LabHandle): GracefulSignal {
  let at: number | null = null;
  const onSignal = () => {
    if (at !== null) return; // one restart per experiment
    at = Date.now();
    void gracefulRestart(lab.mpm).catch(() => {});
  };
  process.on('SIGUSR1', onSignal);
  return { at: () => at, off: () => void process.off('SIGUSR1', onSignal) };
}
