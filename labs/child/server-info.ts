// What server-status prints about the server as a whole, from a child's point of view.
import os from 'node:os';
import type { ChildOptions } from '../server/messages.ts';
import { configGeneration } from '../status/generation.ts';
import type { ServerInfo } from '../status/types.ts';

export const SERVER_VERSION = 'mpm-lab/0.1.0';
const BUILT = 'Nov 26 2026 00:00:00';

/** `generation`: the MPM generation, as the scoreboard keeps it. */
export function serverInfo(options: ChildOptions, generation: number): ServerInfo {
  const cpu = process.cpuUsage();
  return {
    serverName: options.config.ServerName ?? options.config.Listen.host,
    serverVersion: SERVER_VERSION,
    serverBuilt: BUILT,
    mpm: options.model,
    configGeneration: configGeneration(generation),
    mpmGeneration: generation,
    loadAvg: os.loadavg() as [number, number, number],
    cpu: { user: cpu.user / 1e6, system: cpu.system / 1e6, childrenUser: 0, childrenSystem: 0 },
  };
}
