// Linux /proc, read as `ps` reads it.
export { readProcess, readThreads } from './read-process.ts';
export { readTree } from './read-tree.ts';
export { parseCmdline, parseComm, parseStat, parseStatmRss, parseVmRss, TICKS_PER_SECOND } from './parse.ts';
export type { ProcInfo, StatFields, ThreadInfo } from './types.ts';
