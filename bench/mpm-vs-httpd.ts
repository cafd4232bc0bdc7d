// Requests per second of the lab's model against real httpd with the same MPM (Debian's
// apache2), same settings, same client (ab), same 1 KB file, side by side in one run; prints
// lab/httpd, and the CPU each spent per request.
//
//   npm run bench -- --model event --requests 20000 --concurrency 20 --rounds 3
//
// Needs apache2 and apache2-utils (ab). Everything binds 127.0.0.1 and stops by itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { httpdMissing, startHttpd } from './httpd-process.ts';
import { startLabProcess } from './lab-process.ts';
import { treeCpuSeconds } from './proc-figures.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    model: { type: 'string', default: 'prefork' },
  },
});
const MODEL = values.model as 'prefork' | 'worker' | 'event';
if (!['prefork', 'worker', 'event'].includes(MODEL)) {
  console.error(`bench: --model takes prefork, worker or event; got "${values.model}"`);
  process.exit(2);
}
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

// The same settings for both: enough children (or threads) for the concurrency from the start.
const SETTINGS: Record<string, number> =
  MODEL === 'prefork'
    ? { StartServers: 24, MinSpareServers: 5, MaxSpareServers: 40, MaxRequestWorkers: 48, ServerLimit: 48 }
    : { StartServers: 2, ServerLimit: 4, ThreadLimit: 25, ThreadsPerChild: 25, MaxRequestWorkers: 100, MinSpareThreads: 25, MaxSpareThreads: 100 };

function need(cmd: string, pkg: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    console.error(`bench: ${cmd} is not installed. Install it with: apt-get install -y ${pkg}`);
    process.exit(2);
  }
  return found;
}


async function waitForPort(port: number, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
}

/** One ab run: requests per second, and the CPU (user + system, every thread of `pid` and its
 * children, from /proc) the server spent on it per request, which a loaded machine moves far
 * less than the rate. */
function abRound(url: string, keepAlive: boolean, pid: number): { rps: number; cpuUs: number } {
  const before = treeCpuSeconds(pid);
  const rps = ab(url, keepAlive);
  return { rps, cpuUs: ((treeCpuSeconds(pid) - before) * 1e6) / REQUESTS };
}

function ab(url: string, keepAlive: boolean): number {
  const args = ['-q', '-n', String(REQUESTS), '-c', String(CONCURRENCY), '-s', '30', ...(keepAlive ? ['-k'] : []), url];
  const r = spawnSync('ab', args, { encoding: 'utf8', timeout: 120_000 });
  const rps = /Requests per second:\s+([\d.]+)/.exec(r.stdout);
  const failed = /Failed requests:\s+(\d+)/.exec(r.stdout);
  if (!rps) throw new Error(`ab failed on ${url}:\n${r.stdout}\n${r.stderr}`);
  if (failed && Number(failed[1]) > 0) console.error(`  note: ab counted ${failed[1]} failed requests on ${url}`);
  return Number(rps[1]);
}

// Both serve the same 1 KB file with the same keep-alive settings; httpd with mod_mime, as
// the lab sends a Content-Type, and without mod_status' per-request timing.
const KEEP_ALIVE: Record<string, string | number> = { KeepAlive: 'On', KeepAliveTimeout: 5, MaxKeepAliveRequests: 100 };
const HTTPD_LINES = [
  'LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so',
  'TypesConfig /etc/mime.types',
  'ExtendedStatus Off',
  ...Object.entries({ ...KEEP_ALIVE, ...SETTINGS }).map(([k, v]) => `${k} ${v}`),
];

async function main(): Promise<void> {
  need('ab', 'apache2-utils');
  const missing = httpdMissing();
  if (missing) {
    console.error(`bench: ${missing}`);
    process.exit(2);
  }
  const httpd = await startHttpd(MODEL, HTTPD_LINES);
  fs.writeFileSync(path.join(httpd.docroot, 'one-kb.html'), 'x'.repeat(1024), { mode: 0o644 });
  let lab: Awaited<ReturnType<typeof startLabProcess>> | null = null;
  process.on('SIGINT', () => process.exit(130)); // the two modules kill what they started on exit
  try {
    const sets = Object.entries({ ...KEEP_ALIVE, ...SETTINGS, DocumentRoot: httpd.docroot }).map(([k, v]) => `${k}=${v}`);
    lab = await startLabProcess(MODEL, sets);
    await waitForPort(httpd.port);
    await new Promise((r) => setTimeout(r, 1500)); // let both start their StartServers children
    console.log(`${MODEL}, ${REQUESTS} requests of a 1 KB file, ab -c ${CONCURRENCY}, ${ROUNDS} rounds, ${os.cpus().length} cores`);
    console.log(`settings: ${Object.entries(SETTINGS).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const keepAlive of [false, true]) {
      const labRounds: { rps: number; cpuUs: number }[] = [];
      const httpdRounds: { rps: number; cpuUs: number }[] = [];
      // Interleaved rounds, so that both see the same machine.
      ab(`${lab.url}one-kb.html`, keepAlive); // warm-up
      ab(`${httpd.url}one-kb.html`, keepAlive);
      for (let i = 0; i < ROUNDS; i++) {
        labRounds.push(abRound(`${lab.url}one-kb.html`, keepAlive, lab.pid));
        httpdRounds.push(abRound(`${httpd.url}one-kb.html`, keepAlive, httpd.pid));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const l = median(labRounds.map((r) => r.rps));
      const h = median(httpdRounds.map((r) => r.rps));
      const lc = median(labRounds.map((r) => r.cpuUs));
      const hc = median(httpdRounds.map((r) => r.cpuUs));
      console.log(
        `keep-alive ${keepAlive ? 'on ' : 'off'}: lab ${l.toFixed(0).padStart(6)} req/s, httpd ${h.toFixed(0).padStart(6)} req/s, lab/httpd ${(l / h).toFixed(2)}` +
          `   CPU a request: lab ${lc.toFixed(0).padStart(4)} us, httpd ${hc.toFixed(0).padStart(3)} us, httpd/lab ${(hc / lc).toFixed(2)}`,
      );
    }
  } finally {
    await lab?.stop();
    await httpd.stop(); // and its folder, the file included
  }
}

await main();
