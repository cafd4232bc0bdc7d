// The LessonSession (see session.ts) over a lesson's Markdown, its steps and live labs.
import { readProcess } from '../../labs/proc/index.ts';
import type { LessonEntry } from '../../lessons/manifest.ts';
import type { LabHandle, LessonDef, StepContext, StepDef } from '../../lessons/step-types.ts';
import { checkClaims } from './claims.ts';
import { LabPool } from './lab-pool.ts';
import { hintTiers, splitChoices } from './markdown.ts';
import type { LessonText, StepText } from './markdown.ts';
import { fillPlaceholders } from './placeholders.ts';
import { comparePrediction } from './prediction.ts';
import { recordDone, recordStep, resetLesson } from './progress-model.ts';
import type { Progress } from './progress-model.ts';
import type { ClaimResult, FactValue, Facts, LessonEvent, LessonSession, StepPhase, StepView } from './session.ts';
import { STRINGS } from './strings.ts';

/** Where progress lives; the session reads it once and writes it on every change. */
export interface ProgressStore {
  load(): Progress;
  save(progress: Progress): void;
}

export interface SessionOptions {
  entry: Pick<LessonEntry, 'number'>;
  text: LessonText;
  def: LessonDef;
  progress: ProgressStore;
  /** Start at this step (from 0) instead of where progress says. */
  startAt?: number;
  now?: () => Date;
}

class Aborted extends Error {}

export class LiveLessonSession implements LessonSession {
  readonly number: number;
  readonly title: string;
  steps: StepView[] = [];
  private index = 0;
  private phase: StepPhase = 'ready';
  private given = '';
  private hintTier = 0;
  private readonly prepared = new Map<number, Record<string, FactValue>>();
  private readonly observed = new Map<number, Record<string, FactValue>>();
  private readonly results: ClaimResult[] = [];
  private readonly listeners = new Set<(e: LessonEvent) => void>();
  private readonly pool: LabPool;
  private stepAbort = new AbortController();
  private runAbort: AbortController | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private progress: Progress;
  private readonly now: () => Date;

  constructor(private readonly options: SessionOptions) {
    this.number = options.entry.number;
    this.title = options.text.title;
    this.now = options.now ?? (() => new Date());
    this.progress = options.progress.load();
    this.pool = new LabPool(
      options.def.labs,
      (name, event) => this.emit({ type: 'lab-event', time: Date.now(), name, event }),
      (lab) => this.emit({ type: 'lab-started', time: Date.now(), lab: { name: lab.name, model: lab.mpm.name, url: lab.started.url, port: lab.started.port, pid: lab.started.pid, token: lab.started.token } }),
      (name) => this.emit({ type: 'lab-stopped', time: Date.now(), name }),
    );
    this.steps = options.def.steps.map((def, index) => this.view(index, def, {}));
  }

  // ---- views -----------------------------------------------------------------------------

  private md(def: StepDef): StepText {
    const found = this.options.text.steps.find((s) => s.id === def.id);
    if (!found) throw new Error(`lesson ${this.number}: step "${def.id}" has no text (mpm-lab lessons --check says more)`);
    return found;
  }

  private view(index: number, def: StepDef, facts: Facts): StepView {
    const md = this.md(def);
    // Before prepare() has run (the steps' list) the text keeps its {placeholders}.
    const fill = (text: string) => (placeholdersReady(text, facts) ? fillPlaceholders(text, facts) : text);
    const question = md.sections.get('question');
    const split = question === undefined ? null : splitChoices(fill(question));
    const tryText = md.sections.get('try');
    return {
      index,
      id: def.id,
      title: md.title,
      text: fill(md.text),
      question: split && def.predict ? { text: split.text, kind: def.predict.kind, choices: split.choices, decides: def.predict.decides === true } : null,
      tryText: tryText === undefined ? null : fill(tryText),
      byHand: def.byHand === true,
      hints: hintTiers(md).length,
      labs: [...def.labs],
    };
  }

  private emit(event: LessonEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  onEvent(listener: (event: LessonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): { step: StepView; phase: StepPhase } {
    return { step: this.steps[this.index]!, phase: this.phase };
  }

  labs(): LabHandle[] {
    return this.pool.list();
  }

  claimResults(): ClaimResult[] {
    return [...this.results];
  }

  private get def(): StepDef {
    return this.options.def.steps[this.index]!;
  }

  // ---- moving between steps --------------------------------------------------------------

  async start(): Promise<void> {
    const text = this.options.text;
    this.emit({ type: 'lesson', time: Date.now(), number: this.number, title: text.title, goal: text.goal, intro: text.intro, steps: this.steps.map((s) => ({ id: s.id, title: s.title })) });
    const saved = this.progress.lessons[String(this.number)];
    let at = this.options.startAt ?? (saved && !saved.done ? saved.step - 1 : 0);
    if (!(at >= 0 && at < this.steps.length)) at = 0;
    if (this.options.startAt === undefined && at > 0) this.emit({ type: 'notice', time: Date.now(), text: STRINGS.resumed(at + 1) });
    await this.enter(at);
  }

  private async enter(index: number): Promise<void> {
    this.stepAbort.abort();
    this.runAbort?.abort();
    await this.running?.catch(() => {});
    this.stepAbort = new AbortController();
    this.index = index;
    this.given = '';
    this.hintTier = 0;
    const def = this.def;
    if (def.fresh) await this.pool.restart(def.labs);
    else await this.pool.need(def.labs);
    await this.prepare();
    this.saveProgress(recordStep(this.progress, this.number, index + 1, this.steps.length, this.now()));
  }

  /** Reads the step's prepared facts and shows the step (again, when it is run again). */
  private async prepare(): Promise<void> {
    const def = this.def;
    let facts: Record<string, FactValue> = {};
    if (def.prepare) {
      try {
        facts = await def.prepare(this.context(this.stepAbort.signal, false));
      } catch (error) {
        const text = STRINGS.stepError(messageOf(error));
        this.results.push({ id: `${def.id}:prepare`, ok: false, text, measured: '' });
        this.emit({ type: 'error', time: Date.now(), index: this.index, text });
      }
    }
    this.prepared.set(this.index, facts);
    const view = this.view(this.index, def, facts);
    this.steps[this.index] = view;
    this.phase = view.question ? 'question' : 'ready';
    this.emit({ type: 'step', time: Date.now(), step: view, of: this.steps.length, phase: this.phase });
  }

  async next(): Promise<void> {
    if (this.closed) return;
    if (this.index + 1 < this.steps.length) {
      await this.enter(this.index + 1);
      return;
    }
    this.stepAbort.abort();
    await this.pool.stopAll();
    this.saveProgress(recordDone(this.progress, this.number, this.steps.length, this.now()));
    const failed = this.results.filter((r) => !r.ok).length;
    const end = this.options.text.end;
    let text = '';
    if (end) {
      const all: Record<string, FactValue> = {};
      for (const facts of [...this.prepared.values(), ...this.observed.values()]) Object.assign(all, facts);
      text = placeholdersReady(end.text, all) ? fillPlaceholders(end.text, all) : end.text;
    }
    this.emit({ type: 'finished', time: Date.now(), ok: failed === 0, text });
  }

  async back(): Promise<void> {
    if (this.closed || this.index === 0) return;
    await this.enter(this.index - 1);
  }

  async reset(): Promise<void> {
    if (this.closed) return;
    this.stepAbort.abort();
    await this.running?.catch(() => {});
    this.saveProgress(resetLesson(this.progress, this.number));
    this.results.length = 0;
    this.observed.clear();
    this.prepared.clear();
    await this.pool.stopAll();
    this.emit({ type: 'notice', time: Date.now(), text: STRINGS.reset });
    await this.enter(0);
  }

  private saveProgress(next: Progress): void {
    this.progress = next;
    try {
      this.options.progress.save(next);
    } catch (error) {
      this.emit({ type: 'notice', time: Date.now(), text: messageOf(error) });
    }
  }

  // ---- the step itself -------------------------------------------------------------------

  answer(text: string): void {
    if (this.phase !== 'question' && this.phase !== 'ready') return;
    this.given = text.trim();
    this.emit({ type: 'answered', time: Date.now(), index: this.index, given: this.given });
    this.phase = 'ready';
  }

  hint(): void {
    const md = this.md(this.def);
    const tiers = hintTiers(md);
    if (tiers.length === 0) return;
    this.hintTier = Math.min(this.hintTier + 1, tiers.length);
    const hint = md.sections.get(`hint ${this.hintTier}`)!;
    const facts = this.prepared.get(this.index) ?? {};
    const text = placeholdersReady(hint, facts) ? fillPlaceholders(hint, facts) : hint;
    this.emit({ type: 'hint', time: Date.now(), index: this.index, tier: this.hintTier, of: tiers.length, text });
  }

  showAnswer(): void {
    const answer = this.md(this.def).sections.get('answer');
    if (answer === undefined) return;
    const facts = this.prepared.get(this.index) ?? {};
    this.emit({ type: 'answer', time: Date.now(), index: this.index, text: placeholdersReady(answer, facts) ? fillPlaceholders(answer, facts) : answer });
  }

  run(): Promise<void> {
    this.cancelWatch();
    return this.experiment(false);
  }

  watch(): Promise<void> {
    if (!this.def.byHand) return Promise.resolve();
    return this.experiment(true);
  }

  cancelWatch(): void {
    if (this.phase === 'running' && this.runAbort && this.runningByHand) this.runAbort.abort();
  }

  private runningByHand = false;

  private async experiment(byHand: boolean): Promise<void> {
    if (this.closed) return;
    await this.running?.catch(() => {});
    if (this.phase === 'observed') {
      // run again: from a fresh lab if the step needs one, and fresh pids for the text
      if (this.def.fresh) await this.pool.restart(this.def.labs);
      await this.prepare();
    }
    const index = this.index;
    const def = this.def;
    const abort = new AbortController();
    const stepSignal = this.stepAbort.signal;
    stepSignal.addEventListener('abort', () => abort.abort(), { once: true });
    this.runAbort = abort;
    this.runningByHand = byHand;
    this.phase = 'running';
    const md = this.md(def);
    const prepared = this.prepared.get(index) ?? {};
    const runText = md.sections.get('run');
    this.emit({ type: 'running', time: Date.now(), index, byHand, text: byHand ? STRINGS.watching : runText && placeholdersReady(runText, prepared) ? fillPlaceholders(runText, prepared) : STRINGS.running });
    const work = (async () => {
      let facts: Record<string, FactValue>;
      try {
        facts = await def.run(this.context(abort.signal, byHand), prepared);
        if (abort.signal.aborted) throw new Aborted();
        const missing = def.facts.filter((f) => !(f in facts));
        if (missing.length > 0) throw new Error(`step "${def.id}" did not return ${missing.join(', ')}`);
      } catch (error) {
        if (this.index === index && !this.closed) this.phase = 'ready';
        if (error instanceof Aborted || abort.signal.aborted) return;
        const text = STRINGS.stepError(messageOf(error));
        this.results.push({ id: `${def.id}:experiment`, ok: false, text, measured: '' });
        this.emit({ type: 'error', time: Date.now(), index, text });
        return;
      }
      this.observe(index, def, md, { ...prepared, ...facts });
    })();
    this.running = work;
    await work;
    if (this.running === work) this.running = null;
  }

  private observe(index: number, def: StepDef, md: StepText, facts: Record<string, FactValue>): void {
    this.observed.set(index, facts);
    const fill = (text: string) => (placeholdersReady(text, facts) ? fillPlaceholders(text, facts) : text);
    this.emit({ type: 'observed', time: Date.now(), index, facts, text: fill(md.sections.get('observe') ?? '') });
    if (def.predict) {
      const question = md.sections.get('question') ?? '';
      const choices = splitChoices(question).choices;
      this.emit({ type: 'prediction', time: Date.now(), index, result: comparePrediction(def.predict, this.given, facts, choices) });
    }
    this.emit({ type: 'explain', time: Date.now(), index, text: fill(md.sections.get('explain') ?? '') });
    for (const result of checkClaims(def.claims, facts, md.sections)) {
      this.results.push(result);
      this.emit({ type: 'claim', time: Date.now(), index, result });
    }
    this.phase = 'observed';
  }

  private context(signal: AbortSignal, byHand: boolean): StepContext {
    const earlier: Record<string, FactValue> = {};
    for (let i = 0; i < this.index; i++) Object.assign(earlier, this.prepared.get(i) ?? {}, this.observed.get(i) ?? {});
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    const def = this.def;
    return {
      earlier,
      byHand,
      given: this.given,
      signal,
      sleep,
      lab: (name) => {
        const wanted = name ?? def.labs[0]!;
        if (!def.labs.includes(wanted)) throw new Error(`step "${def.id}" did not declare lab "${wanted}"`);
        const lab = this.pool.get(wanted);
        if (!lab) throw new Error(`lab "${wanted}" is not running`);
        return lab;
      },
      poll: async <T>(check: () => T | undefined, timeoutMs: number, stepMs = 50) => {
        const until = Date.now() + timeoutMs;
        for (;;) {
          if (signal.aborted) throw new Aborted();
          const value = check();
          if (value !== undefined) return value;
          if (Date.now() >= until) return undefined;
          await sleep(stepMs);
        }
      },
      show: (lab) => this.pool.show(lab),
      signalChild: (lab, pid, sig) => {
        const info = readProcess(pid);
        if (!info || info.ppid !== lab.started.pid) throw new Error(`pid ${pid} is not a child of the ${lab.name} lab`);
        process.kill(pid, sig);
      },
    };
  }

  isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stepAbort.abort();
    this.runAbort?.abort();
    await this.pool.stopAll();
    this.emit({ type: 'closed', time: Date.now() });
  }

  /** Synchronous last resort at process exit. */
  killLabsNow(): void {
    this.pool.killChildrenNow();
  }
}

function placeholdersReady(text: string, facts: Facts): boolean {
  try {
    fillPlaceholders(text, facts);
    return true;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
