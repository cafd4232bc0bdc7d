// Which JavaScript runtime runs the lab. Each runtime difference has one small function in
// this folder; nothing outside it asks which runtime it is.
export type RuntimeName = 'node' | 'bun' | 'deno';

export function runtimeName(): RuntimeName {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Bun !== 'undefined') return 'bun';
  if (typeof g.Deno !== 'undefined') return 'deno';
  return 'node';
}
