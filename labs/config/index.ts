// The config part of the lab: everything other folders need, from one place.

export * from './types.ts';
export { DIRECTIVES, findDirective, MPM_MODULE } from './directives.ts';
export type { DirectiveKind, DirectiveSpec } from './directives.ts';
export { resolveConfig, describeSource, checkModel, DEFAULT_LISTEN } from './resolve.ts';
export { parseSetArgument } from './cli-sets.ts';
export type { SetArgument } from './cli-sets.ts';
export { describeCapacity, formatConfigError, formatHttpdWarning } from './describe.ts';
export type { Capacity } from './describe.ts';
export { applyCorrections, HARD_LIMITS } from './corrections.ts';
export type { MpmSettings, CorrectionResult } from './corrections.ts';
export { readConfigText, readConfigFile } from './file.ts';
export type { ConfigLine, ReadResult } from './file.ts';
