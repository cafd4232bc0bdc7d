// Requests per second of the lab's model against real httpd with the same MPM (Debian's
// apache2), same settings, same client (ab), same 1 KB file, side by side in one run; prints
// lab/httpd, and the CPU each spent per request.
//
//   npm run bench -- --model event --requests 20000 --concurrency 20 --rounds 3
//
// Needs apache2 and apache2-utils (ab). Everything binds 127.0.0.1 and stops by itself.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { treeCpuSeconds } from './proc-figures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.includes('/dist/') ? '../..' : '..');
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
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

function startHttpd(dir: string, port: number, docroot: string): ChildProcess {
  const modules = '/usr/lib/apache2/modules';
  const conf = `
ServerRoot ${dir}
ServerName 127.0.0.1
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
LoadModule mpm_${MODEL}_module ${modules}/mod_mpm_${MODEL}.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule mime_module ${modules}/mod_mime.so
Listen 127.0.0.1:${port}
DocumentRoot ${docroot}
<Directory ${docroot}>
  Require all granted
</Directory>
TypesConfig /etc/mime.types
KeepAlive On
KeepAliveTimeout 5
MaxKeepAliveRequests 100
${Object.entries(SETTINGS).map(([k, v]) => `${k} ${v}`).join('\n')}
${process.getuid?.() === 0 ? 'User nobody\nGroup nogroup' : ''}
`;
  fs.writeFileSync(path.join(dir, 'httpd.conf'), conf);
  // Its own process group: prefork's parent signals its whole group when it stops, which
  // would otherwise take this bench down with it.
  return spawn('/usr/sbin/apache2', ['-f', path.join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'inherit', detached: true });
}

function startLab(port: number, docroot: string): ChildProcess {
  const sets = Object.entries(SETTINGS).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  const conf = path.join(path.dirname(docroot), 'lab.conf');
  fs.writeFileSync(conf, `DocumentRoot ${docroot}\nKeepAlive On\nKeepAliveTimeout 5\nMaxKeepAliveRequests 100\n`);
  return spawn(process.execPath, [path.join(ROOT, 'bin/mpm-lab.js'), 'run', MODEL, '--headless', '--port', String(port), '--config', conf, ...sets], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

async function main(): Promise<void> {
  need('ab', 'apache2-utils');
  need('/usr/sbin/apache2', 'apache2');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-bench-'));
  fs.chmodSync(dir, 0o755);
  const docroot = path.join(dir, 'htdocs');
  fs.mkdirSync(docroot);
  fs.writeFileSync(path.join(docroot, 'one-kb.html'), 'x'.repeat(1024));
  fs.chmodSync(path.join(docroot, 'one-kb.html'), 0o644);
  const [httpdPort, labPort] = [await freePort(), await freePort()];
  const httpd = startHttpd(dir, httpdPort, docroot);
  const labProcess = startLab(labPort, docroot);
  const stopAll = () => {
    httpd.kill('SIGTERM');
    labProcess.kill('SIGTERM');
  };
  process.on('exit', stopAll);
  process.on('SIGINT', () => process.exit(130));
  try {
    const died = (name: string, p: ChildProcess) =>
      new Promise<never>((_, reject) => p.once('exit', (code) => reject(new Error(`${name} exited (code ${code}) before it listened`))));
    await Promise.race([Promise.all([waitForPort(httpdPort), waitForPort(labPort)]), died('httpd', httpd), died('the lab', labProcess)]);
    await new Promise((r) => setTimeout(r, 1500)); // let both start their StartServers children
    console.log(`${MODEL}, ${REQUESTS} requests of a 1 KB file, ab -c ${CONCURRENCY}, ${ROUNDS} rounds, ${os.cpus().length} cores`);
    console.log(`settings: ${Object.entries(SETTINGS).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const keepAlive of [false, true]) {
      const lab: { rps: number; cpuUs: number }[] = [];
      const real: { rps: number; cpuUs: number }[] = [];
      // Interleaved rounds, so that both see the same machine.
      ab(`http://127.0.0.1:${labPort}/one-kb.html`, keepAlive); // warm-up
      ab(`http://127.0.0.1:${httpdPort}/one-kb.html`, keepAlive);
      for (let i = 0; i < ROUNDS; i++) {
        lab.push(abRound(`http://127.0.0.1:${labPort}/one-kb.html`, keepAlive, labProcess.pid!));
        real.push(abRound(`http://127.0.0.1:${httpdPort}/one-kb.html`, keepAlive, httpd.pid!));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const l = median(lab.map((r) => r.rps));
      const h = median(real.map((r) => r.rps));
      const lc = median(lab.map((r) => r.cpuUs));
      const hc = median(real.map((r) => r.cpuUs));
      console.log(
        `keep-alive ${keepAlive ? 'on ' : 'off'}: lab ${l.toFixed(0).padStart(6)} req/s, httpd ${h.toFixed(0).padStart(6)} req/s, lab/httpd ${(l / h).toFixed(2)}` +
          `   CPU a request: lab ${lc.toFixed(0).padStart(4)} us, httpd ${hc.toFixed(0).padStart(3)} us, httpd/lab ${(hc / lc).toFixed(2)}`,
      );
    }
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
