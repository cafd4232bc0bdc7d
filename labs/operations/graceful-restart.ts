// A graceful restart, as `apachectl -k graceful`: the config is read again, old children
// finish what they serve (their slots show G) while new ones start.
import type { ResolvedConfig } from '../config/types.ts';
import type { Mpm } from '../mpm.ts';

export interface RestartResult {
  generation: number; // the new generation
  reread: boolean; // a new config was given (false: restarted with the running one)
}

/**
 * `reread` returns the config read anew (or undefined to keep the running one); when it
 * throws, the lab is left as it was and the error goes to the caller, as apachectl's config
 * test stops a restart.
 */
export async function gracefulRestart(mpm: Pick<Mpm, 'restart' | 'query'>, reread?: () => ResolvedConfig | undefined): Promise<RestartResult> {
  const config = reread?.();
  await mpm.restart({ graceful: true, ...(config ? { config } : {}) });
  return { generation: mpm.query().generation, reread: config !== undefined };
}
