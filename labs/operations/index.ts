// The lab operations: what the UI's keys and the lessons' steps do to a running lab, each a
// small function over the Mpm interface and the lab client, bounded in count and time.
export { sendBurst } from './send-burst.ts';
export type { BurstOptions } from './send-burst.ts';
export { holdKeepAliveClients } from './hold-keep-alive-clients.ts';
export type { HeldClients, HoldOptions } from './hold-keep-alive-clients.ts';
export { blockThread } from './block-thread.ts';
export type { BlockOptions, BlockResult } from './block-thread.ts';
export { crashThread } from './crash-thread.ts';
export type { CrashOptions, CrashResult, CrashedProcess } from './crash-thread.ts';
export { gracefulRestart } from './graceful-restart.ts';
export type { RestartResult } from './graceful-restart.ts';
export { TrafficRecorder } from './traffic-recorder.ts';
export type { TrafficOptions, TrafficSummary, LoadTrack, FinishedRequest } from './traffic-recorder.ts';
export { PATHS, labUrl } from './lab-url.ts';
export { LIMITS } from './limits.ts';
export type { LabAddress, SingleOutcome } from './types.ts';
export { startSlowClients, slowRequestParts, answerStatus, SLOW_LIMITS } from './slow-clients.ts';
export type { SlowClient, SlowClients, SlowClientsOptions } from './slow-clients.ts';
