import type { LabConfig } from '../config/types.ts';
import type { ConnectionOptions } from '../http/types.ts';

export function connectionOptions(c: LabConfig): ConnectionOptions {
  return {
    keepAlive: c.KeepAlive,
    keepAliveTimeoutMs: c.KeepAliveTimeout,
    maxKeepAliveRequests: c.MaxKeepAliveRequests,
    timeoutMs: c.Timeout,
  };
}
