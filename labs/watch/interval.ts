// How often a watcher may read a status page at most: one small request each quarter second
// is the most it costs the server. Its own file so that `mpm-lab watch --help` names the
// range without loading the HTTP client.
export const MIN_INTERVAL_MS = 250;
