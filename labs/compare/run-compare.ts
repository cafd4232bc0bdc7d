// The comparison: the same workload on prefork, worker and event in turn, each lab started
// with comparable settings (the same MaxRequestWorkers), measured, and stopped before the next.
import { resolveConfig } from '../config/resolve.ts';
import { MODEL_NAMES } from '../config/types.ts';
import type { ModelName, ResolvedConfig } from '../config/types.ts';
import type { Mpm } from '../mpm.ts';
import { runModel } from './run-model.ts';
import { compareSettings, shownSettings } from './settings.ts';
import type { CompareSettings } from './settings.ts';
import type { CompareHeader, CompareReport, ModelRun } from './types.ts';
import { describePlan, planWorkload } from './workloads.ts';
import type { WorkloadName, WorkloadPlan } from './workloads.ts';

export interface PreparedCompare {
  workload: WorkloadName;
  plan: WorkloadPlan;
  settings: CompareSettings;
  resolved: Record<ModelName, ResolvedConfig>;
}

/** Reads the settings of the three models first: a wrong --set is reported before any lab starts. */
export function prepareCompare(workload: WorkloadName, sets: readonly string[]): PreparedCompare {
  const settings = compareSettings(sets);
  const resolved = Object.fromEntries(MODEL_NAMES.map((model) => [model, resolveConfig({ model, sets: settings.sets[model], port: 0 })])) as Record<ModelName, ResolvedConfig>;
  const plan = planWorkload(workload, { maxRequestWorkers: settings.maxRequestWorkers });
  return { workload, plan, settings, resolved };
}

export interface CompareHooks {
  signal: AbortSignal;
  onLab?: (mpm: Mpm | null) => void;
  onStep?: (text: string) => void;
}

export function compareHeader(prepared: PreparedCompare): CompareHeader {
  return {
    workload: prepared.workload,
    plan: prepared.plan,
    description: describePlan(prepared.plan),
    maxRequestWorkers: prepared.settings.maxRequestWorkers,
    settings: MODEL_NAMES.map((model) => shownSettings(prepared.resolved[model])),
    partial: prepared.settings.partial,
  };
}

export async function runCompare(prepared: PreparedCompare, hooks: CompareHooks): Promise<CompareReport> {
  const runs: ModelRun[] = [];
  for (const model of MODEL_NAMES) {
    runs.push(await runModel({ resolved: prepared.resolved[model], plan: prepared.plan, ...hooks }));
  }
  return { ...compareHeader(prepared), runs };
}
