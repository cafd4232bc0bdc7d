// The settings each model runs with in `mpm-lab compare`: comparable, the same
// MaxRequestWorkers for the three, sized for a small machine. Pure: it makes the `--set` lists
// that resolveConfig reads, one per model, and says which of the learner's --set went where.
import { findDirective } from '../config/directives.ts';
import { MODEL_NAMES } from '../config/types.ts';
import type { LabConfig, ModelName, ResolvedConfig } from '../config/types.ts';
import type { ModelSettings } from './types.ts';

export const DEFAULT_MAX_REQUEST_WORKERS = 16;
/** Every prefork child is a whole runtime (about 55 MB): more would crowd a shared laptop. */
export const MAX_MAX_REQUEST_WORKERS = 64;

/** A --set compare cannot pass on: what is wrong and what to do (the CLI makes it exit 2). */
export class CompareSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompareSettingError';
  }
}

export interface CompareSettings {
  maxRequestWorkers: number;
  threadsPerChild: number; // worker and event
  processes: number; // worker and event: StartServers = ServerLimit
  /** For each model, the --set list for resolveConfig: the sizes first, the learner's after. */
  sets: Record<ModelName, string[]>;
  /** The learner's --set that applies to some models only, and to which. */
  partial: { set: string; models: ModelName[] }[];
}

interface GivenSet {
  text: string;
  name: string | undefined; // canonical directive name; undefined: resolveConfig will say what is wrong
  value: string;
}

function readSet(text: string): GivenSet {
  const eq = text.indexOf('=');
  const written = (eq < 0 ? text : text.slice(0, eq)).trim();
  return { text, name: findDirective(written)?.name, value: eq < 0 ? '' : text.slice(eq + 1).trim() };
}

function wholeNumber(set: GivenSet, min: number, max: number, why: string): number {
  const n = /^\d+$/.test(set.value) ? Number(set.value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CompareSettingError(`--set ${set.text}: compare takes ${set.name} as a whole number from ${min} to ${max}; got "${set.value}".\n  ${why}`);
  }
  return n;
}

/**
 * Threads per child for worker and event when the learner does not say: 2 to 4 processes, at
 * least 4 threads each when MaxRequestWorkers allows, and a divisor of it (so that httpd does
 * not cut MaxRequestWorkers down to a multiple: the three models keep the same number).
 */
export function defaultThreadsPerChild(maxRequestWorkers: number): number {
  for (let t = 4; t <= maxRequestWorkers; t++) if (maxRequestWorkers % t === 0 && maxRequestWorkers / t <= 4) return t;
  return maxRequestWorkers;
}

export function compareSettings(given: readonly string[]): CompareSettings {
  const sets = given.map(readSet);
  for (const s of sets) {
    if (s.name === 'Listen') {
      throw new CompareSettingError(`--set ${s.text}: compare starts each model on a free port of 127.0.0.1 itself; leave Listen out.`);
    }
  }
  const last = (name: string) => [...sets].reverse().find((s) => s.name === name);
  const mrwSet = last('MaxRequestWorkers');
  const maxRequestWorkers = mrwSet
    ? wholeNumber(mrwSet, 1, MAX_MAX_REQUEST_WORKERS, `compare starts that many prefork processes; ${MAX_MAX_REQUEST_WORKERS} at most keeps it to a few GB.`)
    : DEFAULT_MAX_REQUEST_WORKERS;
  const tpcSet = last('ThreadsPerChild');
  const threadsPerChild = tpcSet
    ? wholeNumber(tpcSet, 1, maxRequestWorkers, 'ThreadsPerChild splits MaxRequestWorkers among the worker and event processes.')
    : defaultThreadsPerChild(maxRequestWorkers);
  const processes = Math.max(1, Math.floor(maxRequestWorkers / threadsPerChild));

  const minSpareThreads = threadsPerChild;
  const sized: Record<ModelName, Record<string, number>> = {
    prefork: {
      StartServers: maxRequestWorkers, // all the workers ready at once, as worker's and event's threads are
      MinSpareServers: Math.max(1, Math.floor(maxRequestWorkers / 4)),
      MaxSpareServers: maxRequestWorkers,
      ServerLimit: maxRequestWorkers,
      MaxRequestWorkers: maxRequestWorkers,
    },
    worker: {},
    event: {},
  };
  for (const model of ['worker', 'event'] as const) {
    sized[model] = {
      StartServers: processes,
      ServerLimit: processes,
      ThreadsPerChild: threadsPerChild,
      MinSpareThreads: minSpareThreads,
      // httpd silently raises MaxSpareThreads to MinSpareThreads + ThreadsPerChild + 1: start there
      MaxSpareThreads: Math.max(maxRequestWorkers, minSpareThreads + threadsPerChild + 1),
      MaxRequestWorkers: maxRequestWorkers,
    };
  }

  const out: Record<ModelName, string[]> = { prefork: [], worker: [], event: [] };
  const partial: CompareSettings['partial'] = [];
  for (const model of MODEL_NAMES) {
    const mine = new Set(sets.filter((s) => s.name !== undefined && appliesTo(s.name, model)).map((s) => s.name));
    for (const [name, value] of Object.entries(sized[model])) if (!mine.has(name)) out[model].push(`${name}=${value}`);
  }
  for (const s of sets) {
    // A name the lab does not know goes to all three: resolveConfig refuses it with its hint.
    const models = s.name === undefined ? [...MODEL_NAMES] : MODEL_NAMES.filter((m) => appliesTo(s.name!, m));
    for (const model of models) out[model].push(s.text);
    if (models.length < MODEL_NAMES.length) partial.push({ set: s.text, models });
  }
  return { maxRequestWorkers, threadsPerChild, processes, sets: out, partial };
}

function appliesTo(name: string, model: ModelName): boolean {
  return findDirective(name)?.models.includes(model) ?? true;
}

const SHOWN: Readonly<Record<ModelName, readonly (keyof LabConfig)[]>> = {
  prefork: ['StartServers', 'MinSpareServers', 'MaxSpareServers', 'ServerLimit', 'MaxRequestWorkers'],
  worker: ['StartServers', 'ServerLimit', 'ThreadsPerChild', 'MinSpareThreads', 'MaxSpareThreads', 'MaxRequestWorkers'],
  event: ['StartServers', 'ServerLimit', 'ThreadsPerChild', 'MinSpareThreads', 'MaxSpareThreads', 'MaxRequestWorkers', 'AsyncRequestWorkerFactor'],
};
/** The same in every model: shown once. */
export const SHARED_SHOWN: readonly (keyof LabConfig)[] = ['KeepAlive', 'KeepAliveTimeout', 'MaxKeepAliveRequests', 'Timeout', 'RequestReadTimeout', 'MaxConnectionsPerChild'];

/** What the table prints of a model's settings, after httpd's corrections. */
export function shownSettings(resolved: Pick<ResolvedConfig, 'config' | 'warnings'>): ModelSettings {
  const { config } = resolved;
  const values: Record<string, number | string | boolean> = {};
  for (const key of [...SHOWN[config.model], ...SHARED_SHOWN]) {
    const value = config[key];
    if (value !== undefined && typeof value !== 'object') values[key] = value;
  }
  return { model: config.model, values, warnings: resolved.warnings.map((w) => `${w.code ? `${w.code}: ` : ''}${w.text}`) };
}
