// Lesson 6: sizing. MaxRequestWorkers, ServerLimit, ThreadsPerChild and ThreadLimit, and how
// httpd corrects them; the scoreboard's cells; memory of threads against processes. The words
// are in lesson.md.
import path from 'node:path';
import { resolveConfig } from '../../labs/config/resolve.ts';
import type { ModelName, ResolvedConfig } from '../../labs/config/types.ts';
import { readProcess } from '../../labs/proc/index.ts';
import { packageRoot } from '../package-root.ts';
import { serverStatusAuto, settled } from '../lab-reads.ts';
import type { LessonDef, StepContext } from '../step-types.ts';

const DEBIAN = 'fixtures/debian-apache2.conf';
const N = 8; // requests at once in the memory step: 8 prefork processes, or 1 process of 8 threads
const MB = 1024 * 1024;

function read(model: ModelName, sets: string[]): ResolvedConfig {
  return resolveConfig({ model, file: path.join(packageRoot(), DEBIAN), sets, port: 0 });
}

/** httpd's warning about a directive, as it prints it ('' when none). */
function warningOf(resolved: ResolvedConfig, directive: string): { code: string; text: string } {
  const w = resolved.warnings.find((x) => x.directive === directive && x.code);
  return w ? { code: w.code!, text: `${w.code}: ${w.text}` } : { code: '', text: '' };
}

const MPM_DIRECTIVES = ['MaxRequestWorkers', 'ServerLimit', 'ThreadsPerChild', 'ThreadLimit', 'StartServers', 'MinSpareThreads', 'MaxSpareThreads'];

async function paste() {
  const r = read('event', []);
  const c = r.config;
  return {
    file: DEBIAN,
    workers: c.MaxRequestWorkers,
    threads: c.ThreadsPerChild,
    serverLimit: c.ServerLimit,
    threadLimit: c.ThreadLimit,
    processes: Math.floor(c.MaxRequestWorkers / c.ThreadsPerChild),
    mpmWarnings: r.warnings.filter((w) => MPM_DIRECTIVES.includes(w.directive)).length,
  };
}

async function multiple() {
  const r = read('worker', ['MaxRequestWorkers=10', 'ThreadsPerChild=4']);
  const w = warningOf(r, 'MaxRequestWorkers');
  return { written: 10, perChild: r.config.ThreadsPerChild, effective: r.config.MaxRequestWorkers, servers: Math.floor(r.config.MaxRequestWorkers / r.config.ThreadsPerChild), code: w.code, warning: w.text };
}

async function caps() {
  const threads = read('worker', ['ThreadsPerChild=100']);
  const workers = read('worker', ['MaxRequestWorkers=800']);
  const t = warningOf(threads, 'ThreadsPerChild');
  const w = warningOf(workers, 'MaxRequestWorkers');
  return {
    threadsEffective: threads.config.ThreadsPerChild,
    threadLimit: threads.config.ThreadLimit,
    threadsCode: t.code,
    threadsWarning: t.text,
    workersEffective: workers.config.MaxRequestWorkers,
    workersServerLimit: workers.config.ServerLimit,
    workersPerChild: workers.config.ThreadsPerChild,
    workersCode: w.code,
    workersWarning: w.text,
  };
}

async function prepareCells(ctx: StepContext) {
  return { url: ctx.lab().started.url };
}

async function cells(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, 2);
  const status = await serverStatusAuto(lab);
  const q = lab.mpm.query();
  return {
    cells: status.scoreboard.length,
    scoreboard: status.scoreboard,
    maxRequestWorkers: q.maxRequestWorkers,
    maxDaemons: q.maxDaemons,
    perChild: q.threadsPerChild,
    written: 10,
  };
}

async function memory(ctx: StepContext) {
  const threaded = ctx.lab('threads');
  const processes = ctx.lab('processes');
  const [t] = await settled(ctx, threaded, 1);
  const p = await settled(ctx, processes, N);
  // the worker threads name themselves as they start: wait until all N have
  const tInfo = await ctx.poll(() => {
    const info = readProcess(t!.pid);
    return info && info.threads.filter((x) => /^worker-/.test(x.comm)).length === N ? info : undefined;
  }, 10_000);
  const pInfos = p.map((c) => readProcess(c.pid));
  if (!tInfo || pInfos.some((i) => !i)) throw new Error('a process exited while its memory was read; press r to read again');
  const threadedRss = tInfo.rssBytes;
  const preforkRss = pInfos.reduce((sum, i) => sum + i!.rssBytes, 0);
  const perProcess = preforkRss / N;
  return {
    n: N,
    threadedPid: tInfo.pid,
    threadedThreads: tInfo.threads.length,
    threadedRssMb: threadedRss / MB,
    preforkRssMb: preforkRss / MB,
    perProcessMb: perProcess / MB,
    // what a worker thread adds, beyond what one process costs anyway
    perThreadMb: (threadedRss - perProcess) / N / MB,
    ratio: preforkRss / threadedRss,
    // 1 the one process of N threads, 2 about the same (within 20 %), 3 the N processes
    heavier: preforkRss > threadedRss * 1.2 ? 3 : threadedRss > preforkRss * 1.2 ? 1 : 2,
  };
}

export const lesson: LessonDef = {
  labs: {
    // MaxRequestWorkers 10 with ThreadsPerChild 4: httpd runs 8 (AH00316)
    worker: { model: 'worker', sets: ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=10', 'MinSpareThreads=4', 'MaxSpareThreads=8'] },
    threads: { model: 'worker', sets: ['StartServers=1', 'ServerLimit=1', `ThreadsPerChild=${N}`, `MaxRequestWorkers=${N}`, 'MinSpareThreads=1', `MaxSpareThreads=${N}`] },
    processes: { model: 'prefork', sets: [`StartServers=${N}`, 'MinSpareServers=1', `MaxSpareServers=${N}`, `MaxRequestWorkers=${N}`] },
  },
  steps: [
    {
      id: 'paste',
      labs: ['worker'],
      facts: ['file', 'workers', 'threads', 'serverLimit', 'threadLimit', 'processes', 'mpmWarnings'],
      predict: { kind: 'number', fact: 'processes' },
      hints: 2,
      run: paste,
      claims: [
        { id: 'arithmetic', facts: ['processes', 'workers', 'threads'], holds: (f) => f.processes === 6 && Number(f.workers) === 6 * Number(f.threads) },
        { id: 'within-limits', facts: ['mpmWarnings', 'processes', 'serverLimit'], holds: (f) => f.mpmWarnings === 0 && Number(f.processes) <= Number(f.serverLimit) },
      ],
    },
    {
      id: 'multiple',
      labs: ['worker'],
      facts: ['written', 'perChild', 'effective', 'servers', 'code', 'warning'],
      predict: { kind: 'number', fact: 'effective' },
      hints: 2,
      run: multiple,
      claims: [
        { id: 'eight', facts: ['effective', 'servers'], holds: (f) => f.effective === 8 && f.servers === 2 },
        { id: 'ah00316', facts: ['code', 'warning'], holds: (f) => f.code === 'AH00316' && String(f.warning).includes('decreasing to nearest multiple 8, for a maximum of 2 servers') },
      ],
    },
    {
      id: 'caps',
      labs: ['worker'],
      facts: ['threadsEffective', 'threadLimit', 'threadsCode', 'threadsWarning', 'workersEffective', 'workersServerLimit', 'workersPerChild', 'workersCode', 'workersWarning'],
      predict: { kind: 'number', fact: 'workersEffective' },
      hints: 2,
      run: caps,
      claims: [
        { id: 'thread-limit', facts: ['threadsEffective', 'threadLimit', 'threadsCode'], holds: (f) => f.threadsEffective === 64 && f.threadLimit === 64 && f.threadsCode !== '' },
        { id: 'server-limit', facts: ['workersEffective', 'workersServerLimit', 'workersPerChild', 'workersCode'], holds: (f) => f.workersEffective === 400 && Number(f.workersServerLimit) * Number(f.workersPerChild) === 400 && f.workersCode !== '' },
      ],
    },
    {
      id: 'cells',
      labs: ['worker'],
      prepares: ['url'],
      prepare: prepareCells,
      facts: ['cells', 'scoreboard', 'maxRequestWorkers', 'maxDaemons', 'perChild', 'written'],
      predict: { kind: 'number', fact: 'cells' },
      hints: 1,
      run: cells,
      claims: [
        { id: 'cells-are-workers', facts: ['cells', 'maxRequestWorkers'], holds: (f) => f.cells === 8 && f.maxRequestWorkers === 8 },
        { id: 'two-processes', facts: ['maxDaemons', 'perChild', 'cells'], holds: (f) => f.maxDaemons === 2 && Number(f.maxDaemons) * Number(f.perChild) === f.cells },
      ],
    },
    {
      id: 'memory',
      labs: ['threads', 'processes'],
      facts: ['n', 'threadedPid', 'threadedThreads', 'threadedRssMb', 'preforkRssMb', 'perProcessMb', 'perThreadMb', 'ratio', 'heavier'],
      predict: { kind: 'choice', fact: 'heavier', choices: 3 },
      hints: 1,
      run: memory,
      claims: [
        { id: 'processes-cost-more', facts: ['ratio'], holds: (f) => Number(f.ratio) > 1.5 },
        { id: 'thread-cheaper', facts: ['perThreadMb', 'perProcessMb'], holds: (f) => Number(f.perThreadMb) > 0 && Number(f.perThreadMb) < Number(f.perProcessMb) },
      ],
    },
  ],
};
