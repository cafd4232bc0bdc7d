// The running lab's scoreboard for `ps` and `status`, read from its file (not over HTTP, so
// it answers even when every child is busy).
import { readSnapshotFile } from '../../labs/scoreboard/file.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';
import { UsageError } from '../usage-error.ts';

export function readLabScoreboard(lab: LabRecord): ScoreboardSnapshot {
  try {
    return readSnapshotFile(lab.scoreboard);
  } catch (error) {
    throw new UsageError(
      `cannot read the scoreboard of the ${lab.model} lab on port ${lab.port} (${lab.scoreboard}): ${(error as Error).message}.\n` +
        '  The lab may be stopping; run the command again, or restart it with `mpm-lab run`.',
      1,
    );
  }
}
