// `mpm-lab verify`'s engine: the learner's config file, read as httpd reads it, runs a lab in
// this process (127.0.0.1, a free port); the exercise's workload runs against it for real; the
// lab stops; the goal is judged from what was measured.
import { formatHttpdWarning } from '../../labs/config/describe.ts';
import { resolveConfig } from '../../labs/config/resolve.ts';
import type { ResolvedConfig } from '../../labs/config/types.ts';
import { createMpm } from '../../labs/models.ts';
import type { Mpm, StartedLab } from '../../labs/mpm.ts';
import { judge } from './judge.ts';
import { runWorkload, waitUntilReady } from './run-workload.ts';
import type { ExerciseDef, JudgedConfig, Measured, Verdict } from './types.ts';

export interface VerifyResult {
  verdict: Verdict;
  measured: Measured;
  config: JudgedConfig;
  resolved: ResolvedConfig;
}

/** The settings a judgement reads, after httpd's corrections, with the warning that changed MaxRequestWorkers. */
export function judgedConfig(resolved: ResolvedConfig): JudgedConfig {
  const c = resolved.config;
  const warning = resolved.warnings.find((w) => w.directive === 'MaxRequestWorkers' && /MaxRequestWorkers of \d+/.test(w.text));
  const written = warning ? Number(/MaxRequestWorkers of (\d+)/.exec(warning.text)![1]) : null;
  return {
    model: c.model,
    maxRequestWorkers: c.MaxRequestWorkers,
    threadsPerChild: c.model === 'prefork' ? 1 : c.ThreadsPerChild,
    startServers: c.StartServers,
    keepAlive: c.KeepAlive,
    keepAliveTimeoutMs: c.KeepAliveTimeout,
    requestReadTimeout: c.RequestReadTimeout ?? null,
    workersWarning: warning ? formatHttpdWarning(warning) : null,
    workersWritten: written !== null && written !== c.MaxRequestWorkers ? written : null,
  };
}

/** Reads the file (a ConfigError says what is wrong with it, with its line). */
export function readExerciseConfig(file: string): ResolvedConfig {
  return resolveConfig({ file, port: 0, sets: [] });
}

/** What a caller sees of the lab a verify run makes: to stop it early, and to draw it. */
export interface VerifyHooks {
  created?(mpm: Mpm): void;
  started?(mpm: Mpm, started: StartedLab): void;
  stopped?(): void;
}

/** Runs the exercise on a lab made from `resolved`; the lab is stopped however it ends. */
export async function verifyExercise(def: Pick<ExerciseDef, 'workload' | 'goal'>, resolved: ResolvedConfig, hooks: VerifyHooks = {}): Promise<VerifyResult> {
  const mpm = createMpm(resolved, { echo: null, childOutput: 'log' });
  hooks.created?.(mpm);
  try {
    const started = await mpm.start();
    hooks.started?.(mpm, started);
    await waitUntilReady(mpm);
    const measured = await runWorkload(mpm, started, def.workload, def.goal);
    const config = judgedConfig(resolved);
    return { verdict: judge(def, config, measured), measured, config, resolved };
  } finally {
    await mpm.stop();
    hooks.stopped?.();
  }
}
