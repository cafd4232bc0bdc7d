// Debian's apache2, started by a test on 127.0.0.1 with a minimal config of its own, to hold
// the lab's behaviour against the real thing. Stopped (parent and children) by stop().
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { childrenOf, isAlive, waitUntil } from './proc.ts';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RealApache {
  port: number;
  pid: number;
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * apache2 with `mpm` on a free port, serving `documentRoot`, its config and logs in `dir` (a
 * folder the test made; as root, httpd's children run as nobody and must be able to read it).
 */
export async function startApache(dir: string, documentRoot: string, options: { mpm?: 'prefork' | 'worker' | 'event'; lines?: string[] } = {}): Promise<RealApache> {
  const mpm = options.mpm ?? 'event';
  const port = await freePort();
  const conf = path.join(dir, 'httpd.conf');
  const asRoot = process.getuid?.() === 0;
  fs.writeFileSync(
    conf,
    [
      `ServerRoot ${dir}`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      'LogLevel info',
      `LoadModule mpm_${mpm}_module ${MODULES}/mod_mpm_${mpm}.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule status_module ${MODULES}/mod_status.so`,
      '<Location /server-status>\n  SetHandler server-status\n</Location>',
      `DocumentRoot ${documentRoot}`,
      `<Directory ${documentRoot}>\n  Require all granted\n</Directory>`,
      ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
      ...(options.lines ?? []),
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  // Its own process group: prefork's parent signals its whole group when it stops.
  const httpd: ChildProcess = spawn(APACHE, ['-f', conf, '-DFOREGROUND'], { stdio: 'ignore', detached: true });
  const pid = httpd.pid!;
  const errorLog = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  const up = await waitUntil(async () => childrenOf(pid).length > 0 && (await answers(port)), 15_000, 100);
  const stop = async (): Promise<void> => {
    const kids = childrenOf(pid);
    httpd.kill('SIGTERM');
    await waitUntil(() => !isAlive(pid) && kids.every((k) => !isAlive(k)), 10_000);
  };
  if (!up) {
    await stop();
    throw new Error(`apache2 did not start:\n${errorLog()}`);
  }
  return { port, pid, errorLog, stop };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
