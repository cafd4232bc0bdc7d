// Lesson 9: the capstone. A workload with numbers; the learner picks a model and sizes it; the
// lab runs the workload against that choice (the exercises' verify machinery) and says whether
// it held, then runs a deliberately undersized choice. Without a terminal the lesson makes the
// sensible choice itself. The words are in lesson.md.
import { resolveConfig } from '../../labs/config/resolve.ts';
import type { ModelName } from '../../labs/config/types.ts';
import type { Mpm } from '../../labs/mpm.ts';
import { demand, keepAliveWorkers } from '../exercise-check/judge.ts';
import { verifyExercise } from '../exercise-check/verify-lab.ts';
import type { ExerciseDef } from '../exercise-check/types.ts';
import { within } from '../margins.ts';
import type { FactValue, LessonDef, StepContext } from '../step-types.ts';

const PROCESSES = 2; // the budget: child processes at most
const KEEP_ALIVE_TIMEOUT_S = 5;
/** 40 clients: 20 idle on keep-alive, 4 trickling their headers, 16 at once for a 1 s page. */
export const CAPSTONE: Pick<ExerciseDef, 'workload' | 'goal'> = {
  workload: { kind: 'mixed', keepAlive: 20, slow: 4, lines: 8, everyMs: 500, clients: 16, ms: 1000 },
  goal: { limitMs: 2500, maxProcesses: PROCESSES },
};
const MODELS: readonly ModelName[] = ['prefork', 'worker', 'event'];
const SENSIBLE = { model: 3, threads: 16 }; // event, 2 x 16 threads
const UNDERSIZED = { model: 'worker' as ModelName, threads: 10 }; // 2 x 10: enough for the page and slow clients alone

function sets(model: ModelName, threads: number): string[] {
  const common = [`KeepAliveTimeout=${KEEP_ALIVE_TIMEOUT_S}`, `StartServers=${PROCESSES}`];
  if (model === 'prefork') return [...common, 'MinSpareServers=1', `MaxSpareServers=${PROCESSES}`, `MaxRequestWorkers=${PROCESSES}`];
  const workers = PROCESSES * threads;
  return [...common, `ServerLimit=${PROCESSES}`, `ThreadsPerChild=${threads}`, `MaxRequestWorkers=${workers}`, 'MinSpareThreads=1', `MaxSpareThreads=${workers}`];
}

/** A whole number from the learner within [min, max], or null (then the lesson chooses). */
function typed(given: string, min: number, max: number): number | null {
  const n = /^\d+$/.test(given.trim()) ? Number(given.trim()) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

async function chooseModel(ctx: StepContext) {
  const mine = typed(ctx.given, 1, MODELS.length);
  const model = mine ?? SENSIBLE.model;
  const name = MODELS[model - 1]!;
  const w = CAPSTONE.workload as Extract<ExerciseDef['workload'], { kind: 'mixed' }>;
  const config = { model: name, keepAlive: true };
  return {
    model,
    modelName: name,
    modelByLesson: mine === null,
    keepAliveWorkers: keepAliveWorkers(w.keepAlive, config),
    need: w.clients + w.slow + keepAliveWorkers(w.keepAlive, config),
  };
}

/** Runs the workload on a lab of `model` with `threads` per child; stops it when the step is left. */
async function runChoice(ctx: StepContext, model: ModelName, threads: number): Promise<Record<string, FactValue>> {
  const resolved = resolveConfig({ model, sets: sets(model, threads), port: 0 });
  let running: Mpm | null = null;
  let hide = () => {};
  const stop = () => void running?.stop();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const r = await verifyExercise(CAPSTONE, resolved, {
      created: (mpm) => (running = mpm),
      // the view draws it while the workload runs, as it draws the other lessons' labs
      started: (mpm, started) => (hide = ctx.show({ name: `${model}-${threads}`, mpm, started })),
      stopped: () => hide(),
    });
    const f = r.verdict.facts;
    return {
      model: r.config.model,
      threads: r.config.threadsPerChild,
      processes: PROCESSES,
      maxRequestWorkers: r.config.maxRequestWorkers,
      need: demand(CAPSTONE.workload, r.config),
      enough: r.config.maxRequestWorkers >= demand(CAPSTONE.workload, r.config),
      clients: r.measured.clients,
      answered: r.measured.answered,
      late: r.measured.late,
      limitS: f.limitS!,
      longestS: f.longestS!,
      longestMs: Math.round(r.measured.longestMs),
      peakProcesses: r.measured.peakProcesses,
      peakRssMb: Math.round(r.measured.peakRssMb),
      keepAliveHeld: r.measured.held,
      held: r.verdict.passed,
      // 1 it held, 2 it did not
      outcome: r.verdict.passed ? 1 : 2,
      keepAliveCause: r.verdict.findings.includes('keep-alive-holds'),
    };
  } finally {
    hide();
    ctx.signal.removeEventListener('abort', stop);
  }
}

async function yours(ctx: StepContext) {
  const model = MODELS[Number(ctx.earlier.model ?? SENSIBLE.model) - 1] ?? 'event';
  const mine = model === 'prefork' ? 1 : typed(ctx.given, 1, 64);
  const threads = mine ?? SENSIBLE.threads;
  const byLesson = ctx.earlier.modelByLesson === true || (model !== 'prefork' && mine === null);
  return { ...(await runChoice(ctx, model, threads)), chosenThreads: threads, byLesson };
}

async function undersized(ctx: StepContext) {
  const facts = await runChoice(ctx, UNDERSIZED.model, UNDERSIZED.threads);
  const prefixed: Record<string, FactValue> = {};
  for (const [k, v] of Object.entries(facts)) prefixed[`small${k[0]!.toUpperCase()}${k.slice(1)}`] = v;
  return { ...prefixed, smallOutcome: facts.outcome!, keepAliveTimeoutS: KEEP_ALIVE_TIMEOUT_S };
}

const CHOICE_FACTS = ['model', 'threads', 'processes', 'maxRequestWorkers', 'need', 'enough', 'clients', 'answered', 'late', 'limitS', 'longestS', 'longestMs', 'peakProcesses', 'peakRssMb', 'keepAliveHeld', 'held', 'outcome', 'keepAliveCause'];
const small = (k: string) => `small${k[0]!.toUpperCase()}${k.slice(1)}`;

export const lesson: LessonDef = {
  labs: {},
  steps: [
    {
      id: 'model',
      labs: [],
      ownsLabs: true,
      facts: ['model', 'modelName', 'modelByLesson', 'keepAliveWorkers', 'need'],
      predict: { kind: 'choice', fact: 'model', choices: 3, decides: true },
      hints: 2,
      run: chooseModel,
      claims: [],
    },
    {
      id: 'yours',
      labs: [],
      ownsLabs: true,
      facts: [...CHOICE_FACTS, 'chosenThreads', 'byLesson'],
      predict: { kind: 'number', fact: 'chosenThreads', decides: true },
      hints: 2,
      run: yours,
      claims: [
        // a lab cannot serve more at once than MaxRequestWorkers: too few workers never holds
        { id: 'no-more-than-workers', facts: ['enough', 'held', 'need', 'maxRequestWorkers', 'late'], holds: (f) => f.enough === true || f.held === false },
        { id: 'sensible-holds', facts: ['byLesson', 'held', 'late', 'longestMs'], holds: (f) => f.byLesson !== true || (f.held === true && f.late === 0) },
      ],
    },
    {
      id: 'undersized',
      labs: [],
      ownsLabs: true,
      facts: [...CHOICE_FACTS.map(small), 'smallOutcome', 'keepAliveTimeoutS'],
      predict: { kind: 'choice', fact: 'smallOutcome', choices: 2 },
      hints: 1,
      run: undersized,
      claims: [
        { id: 'does-not-hold', facts: ['smallHeld', 'smallLate', 'smallClients'], holds: (f) => f.smallHeld === false && Number(f.smallLate) > 0 },
        { id: 'keep-alive-holds', facts: ['smallKeepAliveCause', 'smallNeed', 'smallMaxRequestWorkers'], holds: (f) => f.smallKeepAliveCause === true && Number(f.smallNeed) > Number(f.smallMaxRequestWorkers) },
        // the page clients waited for KeepAliveTimeout to free the threads the idle clients held
        { id: 'waited-keep-alive', facts: ['smallLongestMs', 'keepAliveTimeoutS'], holds: (f) => within(f.smallLongestMs, Number(f.keepAliveTimeoutS) * 1000 - 1000, Number(f.keepAliveTimeoutS) * 1000 + 6000) },
      ],
    },
  ],
};
