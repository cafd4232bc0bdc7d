// mod_status for the lab: pure renderers and a parser over a scoreboard snapshot.
export { renderStatusAuto, AUTO_FIELD_ORDER } from './auto.ts';
export { renderStatusHtml } from './html.ts';
export { parseStatusAuto } from './parse-auto.ts';
export { countSlots, maxServers } from './count.ts';
export { configGeneration } from './generation.ts';
export { traffic, asyncCounts, upTimeSeconds } from './totals.ts';
export type { ServerInfo, SlotCounts, ProcessCounts, ParsedStatus, AsyncCounts } from './types.ts';
