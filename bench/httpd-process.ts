// Debian's httpd (apache2) for the benches: started with a config of our own, bound to
// 127.0.0.1 on a free port, in a fresh 0700 folder, with mod_status so that its scoreboard
// can be read as the lab's is; stopped with its children, however the bench ends.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { childrenOf, isAlive } from './proc-figures.ts';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** null when apache2 is not installed, with the way to install it. */
export function httpdMissing(): string | null {
  return fs.existsSync(APACHE) && fs.existsSync(`${MODULES}/mod_mpm_event.so`) ? null : 'Debian\'s apache2 is not installed (apt-get install -y apache2): the httpd column is left out.';
}

export function httpdVersion(): string {
  return /Apache\/(\S+)/.exec(spawnSync(APACHE, ['-v'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
}

export interface BenchHttpd {
  pid: number;
  port: number;
  url: string;
  docroot: string; // its DocumentRoot, in its own folder: a bench may put files there

  spawnedAt: number;
  errorLog(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/** `lines`: directives, e.g. "ThreadsPerChild 25". The caller waits for it to answer. */
export async function startHttpd(mpm: 'prefork' | 'worker' | 'event', lines: readonly string[]): Promise<BenchHttpd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-bench-httpd-'));
  const docroot = path.join(dir, 'htdocs');
  fs.mkdirSync(docroot, { mode: 0o755 });
  fs.chmodSync(dir, 0o711); // as root, httpd's children run as nobody and must reach the docroot
  fs.writeFileSync(path.join(docroot, 'index.html'), '<html><body>httpd</body></html>\n', { mode: 0o644 });
  const port = await freePort();
  const conf = path.join(dir, 'httpd.conf');
  fs.writeFileSync(
    conf,
    [
      `ServerRoot ${dir}`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      `LoadModule mpm_${mpm}_module ${MODULES}/mod_mpm_${mpm}.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule dir_module ${MODULES}/mod_dir.so`,
      `LoadModule status_module ${MODULES}/mod_status.so`,
      '<Location /server-status>\n  SetHandler server-status\n</Location>',
      `DocumentRoot ${docroot}`,
      `<Directory ${docroot}>\n  Require all granted\n</Directory>`,
      ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
      ...lines,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const spawnedAt = performance.now();
  // Its own process group: prefork's parent signals its whole group when it stops.
  const httpd = spawn(APACHE, ['-f', conf, '-DFOREGROUND'], { stdio: 'ignore', detached: true });
  live.add(httpd);
  const exited = new Promise<void>((resolve) => httpd.once('exit', () => (live.delete(httpd), resolve())));
  const pid = httpd.pid!;
  const errorLog = () => {
    try {
      return fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}/`,
    docroot,
    spawnedAt,
    errorLog,
    async stop() {
      const kids = childrenOf(pid);
      if (httpd.exitCode === null && httpd.signalCode === null) httpd.kill('SIGTERM');
      const timer = setTimeout(() => httpd.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      const until = Date.now() + 5000;
      while (kids.some(isAlive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      for (const k of kids.filter(isAlive)) process.kill(k, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
