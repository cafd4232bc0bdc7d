// What a restart may change. httpd sizes its scoreboard once, so ServerLimit and ThreadLimit
// keep their first values across restarts (with httpd's warning); the listener stays as it
// is. Everything else is taken from the config read anew. Pure.
import type { LabConfig, ResolvedConfig } from '../config/types.ts';

export interface RestartLog {
  code?: string;
  text: string;
}

export function configForRestart(running: LabConfig, next: ResolvedConfig): { resolved: ResolvedConfig; logs: RestartLog[] } {
  const logs: RestartLog[] = next.warnings.map((w) => ({ code: w.code, text: w.text }));
  const config: LabConfig = { ...next.config, Listen: running.Listen };
  if (config.ServerLimit !== running.ServerLimit) {
    logs.push({
      // AH00179 is prefork's number; worker and event print the same words under their own.
      code: running.model === 'prefork' ? 'AH00179' : undefined,
      text: `changing ServerLimit to ${config.ServerLimit} from original value of ${running.ServerLimit} not allowed during restart`,
    });
    config.ServerLimit = running.ServerLimit;
  }
  if (running.model !== 'prefork' && config.ThreadLimit !== running.ThreadLimit) {
    logs.push({ text: `changing ThreadLimit to ${config.ThreadLimit} from original value of ${running.ThreadLimit} not allowed during restart` });
    config.ThreadLimit = running.ThreadLimit;
  }
  // The limits kept, the values that depend on them are capped again, as check_config does.
  config.ThreadsPerChild = Math.min(config.ThreadsPerChild, config.ThreadLimit);
  const perProcess = running.model === 'prefork' ? 1 : config.ThreadsPerChild;
  config.MaxRequestWorkers = Math.min(config.MaxRequestWorkers, config.ServerLimit * perProcess);
  config.MaxRequestWorkers -= config.MaxRequestWorkers % perProcess;
  return { resolved: { ...next, config }, logs };
}
