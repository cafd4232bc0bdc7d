// The labs a lesson runs, in this process (the lesson is their parent, as `mpm-lab run` is):
// started on 127.0.0.1 with a free port when a step needs them, stopped when no step does.
import { resolveConfig } from '../../labs/config/resolve.ts';
import { createMpm } from '../../labs/models.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import type { LabHandle, LabSpec } from '../../lessons/step-types.ts';

export class LabPool {
  private readonly running = new Map<string, LabHandle & { off(): void; shownOnly?: boolean }>();

  constructor(
    private readonly specs: Readonly<Record<string, LabSpec>>,
    private readonly onLabEvent: (name: string, event: LabEvent) => void,
    private readonly onStarted: (lab: LabHandle) => void,
    private readonly onStopped: (name: string) => void,
  ) {}

  get(name: string): LabHandle | undefined {
    return this.running.get(name);
  }

  list(): LabHandle[] {
    return [...this.running.values()];
  }

  /** Exactly these labs run afterwards: the others stop first (memory on a shared machine), then the missing start. */
  async need(names: readonly string[]): Promise<void> {
    for (const [name, lab] of [...this.running]) if (!names.includes(name) && !lab.shownOnly) await this.stop(name);
    for (const name of names) if (!this.running.has(name)) await this.start(name);
  }

  /** Stops and starts these labs again: a step that needs the state of a fresh start. */
  async restart(names: readonly string[]): Promise<void> {
    for (const name of names) await this.stop(name);
    await this.need(names);
  }

  private async start(name: string): Promise<void> {
    const spec = this.specs[name];
    if (!spec) throw new Error(`the lesson has no lab named "${name}"`);
    const resolved = resolveConfig({ model: spec.model, sets: [...spec.sets], port: 0 });
    // The lesson's view shows the lab's log from its events: nothing is echoed to the terminal.
    const mpm = createMpm(resolved, { echo: null, childOutput: 'log' });
    const off = mpm.onEvent((event) => this.onLabEvent(name, event));
    const started = await mpm.start();
    const handle = { name, mpm, started, off };
    this.running.set(name, handle);
    this.onStarted(handle);
  }

  /**
   * Draws a lab a step started itself (the capstone's, made from the learner's answers) while
   * the step runs it: listed, its events passed on, its children killed at exit like the
   * others'. The step still stops it; the returned function takes it off the list.
   */
  show(handle: LabHandle): () => void {
    if (this.running.has(handle.name)) throw new Error(`a lab named "${handle.name}" is already running`);
    const off = handle.mpm.onEvent((event) => this.onLabEvent(handle.name, event));
    const shown = { ...handle, off, shownOnly: true };
    this.running.set(handle.name, shown);
    this.onStarted(shown);
    return () => {
      if (this.running.get(handle.name) !== shown) return;
      this.running.delete(handle.name);
      off();
      this.onStopped(handle.name);
    };
  }

  async stop(name: string): Promise<void> {
    const lab = this.running.get(name);
    if (!lab) return;
    this.running.delete(name);
    await lab.mpm.stop();
    lab.off();
    this.onStopped(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
  }

  /** Last resort at process exit (synchronous): the children get SIGTERM; their IPC closing stops them too. */
  killChildrenNow(): void {
    for (const lab of this.running.values()) {
      let pids: number[] = [];
      try {
        pids = lab.mpm.scoreboard().processes.map((p) => p.pid).filter((pid) => pid > 0);
      } catch {
        // the scoreboard is gone: the lab already stopped
      }
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
  }
}
