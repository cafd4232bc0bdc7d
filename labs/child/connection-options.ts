import type { LabConfig } from '../config/types.ts';
import { parseRequestReadTimeout, type ReqTimeoutStage } from '../config/values.ts';
import type { ReadStage, RequestReadTimeouts } from '../http/read-deadline.ts';
import { readTimeoutLogText } from '../http/read-deadline.ts';
import type { ConnectionOptions } from '../http/types.ts';
import { tellParent } from './parent-link.ts';

const inMs = (s: ReqTimeoutStage): ReadStage => ({ timeoutMs: s.timeout * 1000, maxTimeoutMs: s.maxTimeout * 1000, minRate: s.minRate });

let parsed: { text: string; value: RequestReadTimeouts | undefined } | undefined; // read once, not per connection

/** RequestReadTimeout as the config holds it (every stage written out), in milliseconds. */
function readTimeouts(text: string | undefined): RequestReadTimeouts | undefined {
  if (text === undefined) return undefined;
  if (parsed?.text !== text) {
    const r = parseRequestReadTimeout(text.split(' '));
    const ok = !('error' in r) && r.stages.header && r.stages.body; // the parent checked it already
    parsed = { text, value: ok ? { header: inMs(r.stages.header!), body: inMs(r.stages.body!) } : undefined };
  }
  return parsed.value;
}

export function connectionOptions(c: LabConfig): ConnectionOptions {
  const options: ConnectionOptions = {
    keepAlive: c.KeepAlive,
    keepAliveTimeoutMs: c.KeepAliveTimeout,
    maxKeepAliveRequests: c.MaxKeepAliveRequests,
    timeoutMs: c.Timeout,
  };
  const requestReadTimeout = readTimeouts(c.RequestReadTimeout);
  if (requestReadTimeout) {
    options.requestReadTimeout = requestReadTimeout;
    // mod_reqtimeout logs it at level info, in its own module's name
    options.onReadTimeout = (stage) => tellParent({ t: 'log', level: 'info', module: 'reqtimeout', code: 'AH01382', text: readTimeoutLogText(stage) });
  }
  return options;
}
