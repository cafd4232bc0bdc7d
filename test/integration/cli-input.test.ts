// Wrong and hostile input on the command line and in --config: one clear message naming what
// was wrong and how to fix it, exit code 2, no stack trace, nothing left running and no run
// folder left; a running lab told something wrong keeps serving. And the model from the
// file's LoadModule line when the command line names none.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDirFor } from '../../labs/run/run-dir.ts';
import { get } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-input-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One message, no stack trace ("    at fn (file:line)"). */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+[(:]\d+/m);

/**
 * A port nothing listens on now and no run folder names, to run a lab that must not start on
 * it (and then find no folder for it).
 */
async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    if (!fs.existsSync(runDirFor(port))) return port;
  }
}

/** `mpm-lab run ...` that must be refused: exit 2, the message matches, nothing started, no run folder. */
async function refusedRun(args: string[], message: RegExp): Promise<string> {
  const port = await freePort();
  const started = Date.now();
  const r = await runCli(['run', ...args, '--port', String(port), '--headless']);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).not.toMatch(/lab on http/);
  expect(Date.now() - started).toBeLessThan(15_000); // refused at once, never read without end
  noStack(r.stderr);
  expect(fs.existsSync(runDirFor(port))).toBe(false);
  return r.stderr;
}

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.rmSync(file, { recursive: true, force: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe('commands and options', () => {
  it('a misspelled command: "Did you mean run?", exit 2; a model given as the command points to run', async () => {
    const r = await runCli(['rn', 'prefork']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mpm-lab: unknown command 'rn'\. Did you mean run\?\n {2}The commands are: .*\brun\b.*\bhelp\b/);
    const model = await runCli(['prefork']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/Did you mean mpm-lab run prefork\?/);
    noStack(r.stderr + model.stderr);
  });

  it('mpm-lab help COMMAND prints that command\'s help (exit 0); help of an unknown command says so (exit 2)', async () => {
    const help = await runCli(['help', 'run']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mpm-lab run \[options\] \[model\]/);
    expect(help.stdout).toMatch(/-p, --port <N>/);
    expect(help.stdout).toMatch(/Examples:/);
    const unknown = await runCli(['help', 'rn']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'rn'\. Did you mean run\?/);
  });

  it('an unknown option names the command, lists its options and points to its --help', async () => {
    const r = await runCli(['run', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "mpm-lab: unknown option '--frobnicate' for mpm-lab run.\n" +
        '  mpm-lab run takes: -p/--port N, -f/--config FILE, -s/--set Directive=value, --headless.\n' +
        '  `mpm-lab run --help` shows its options with examples.\n',
    );
    const near = await runCli(['status', '--prot', '8080']);
    expect(near.code).toBe(2);
    expect(near.stderr).toMatch(/unknown option '--prot' for mpm-lab status\. Did you mean --port\?/);
    const before = await runCli(['--port', '8080', 'ps']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/unknown option '--port'\. Options go after the command/);
  });

  it('no model: which models there are, and that --config with a LoadModule line can choose', async () => {
    const r = await refusedRun([], /mpm-lab run needs a model: prefork, worker, event\./);
    expect(r).toMatch(/--config FILE/);
    expect(r).toMatch(/LoadModule mpm_worker_module/);
  });

  it('-p, -f, -s and -j mean the same in every command', async () => {
    const port = await freePort();
    for (const command of [['ps'], ['status'], ['ctl', 'graceful'], ['load']]) {
      const r = await runCli([...command, '-p', String(port)]);
      expect(r.code, `${command.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`no mpm-lab is running on port ${port}`));
    }
    const config = await runCli(['config', '-f', 'fixtures/worker-small.conf', '-s', 'MaxRequestWorkers=8', '-p', '9999', '-j']);
    expect(config.code, config.stderr).toBe(0);
    const doc = JSON.parse(config.stdout) as { config: { model: string; MaxRequestWorkers: number; Listen: { port: number } } };
    expect(doc.config).toMatchObject({ model: 'worker', MaxRequestWorkers: 8, Listen: { port: 9999 } });
    const both = await runCli(['load', 'http://127.0.0.1:1/', '-p', String(port)]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give either a URL or --port, not both/);
  });
});

describe('values out of range', () => {
  it('MaxRequestWorkers=99999999999: out of range, the range, what httpd\'s atoi would make of it', async () => {
    const r = await refusedRun(['prefork', '--set', 'MaxRequestWorkers=99999999999'], /--set MaxRequestWorkers: 99999999999 is out of range; httpd keeps this number in a C int, from -2147483648 to 2147483647/);
    expect(r).toMatch(/atoi\(\) would read it as 1215752191/);
  });

  it('a directive value longer than 8192 characters, on the command line or in a file', async () => {
    await refusedRun(['prefork', '--set', `ServerName=${'a'.repeat(100_000)}`], /ServerName: the argument is 100000 characters long; the lab takes at most 8192/);
    const file = writeFile('long.conf', `LoadModule mpm_prefork_module m.so\nServerName ${'a'.repeat(20_000)}\n`);
    const r = await refusedRun(['--config', file], /ServerName: the argument is 20000 characters long/);
    expect(r).toMatch(/long\.conf:2: ServerName a{100}.*\.\.\. \(20011 characters\)\n/);
    expect(r.length).toBeLessThan(2000); // the line is quoted cut short
  });
});

describe('a --config that is not a config file is refused at once', () => {
  it('/dev/zero, a folder and a FIFO: not a regular file (AH00554)', async () => {
    const zero = await refusedRun(['prefork', '--config', '/dev/zero'], /AH00554: Access to file \/dev\/zero denied by server: not a regular file/);
    expect(zero).toMatch(/\/dev\/zero is a character device/);
    await refusedRun(['prefork', '--config', dir], /is a folder; --config takes an httpd\.conf-style text file/);
    const fifo = path.join(dir, 'pipe.conf');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    await refusedRun(['prefork', '--config', fifo], /pipe\.conf is a named pipe \(FIFO\)/);
  });

  it('a file larger than 1 MiB: the cap in the message', async () => {
    const big = writeFile('big.conf', `${'#'.repeat(1023)}\n`.repeat(1025));
    await refusedRun(['prefork', '--config', big], /big\.conf is larger than 1 MiB, the most the lab reads/);
  });

  it('a command line naming another model than the file\'s LoadModule: httpd\'s AH00534', async () => {
    const r = await refusedRun(['prefork', '--config', 'fixtures/worker-small.conf'], /AH00534: httpd: Configuration error: More than one MPM loaded\./);
    expect(r).toMatch(/the command line chose prefork and this line loads mpm_worker_module/);
  });
});

describe('the model from the file', () => {
  it('run --config fixtures/worker-small.conf with no model starts worker; config does the same', async () => {
    const config = await runCli(['config', '--config', 'fixtures/worker-small.conf']);
    expect(config.code).toBe(0);
    expect(config.stdout).toMatch(/^worker settings from fixtures\/worker-small\.conf/);
    const lab = await startLab(null, ['--config', 'fixtures/worker-small.conf']);
    try {
      expect(lab.stdout.join('\n')).toMatch(/mpm-lab: worker lab on http:\/\/127\.0\.0\.1:\d+\//);
      const reply = await get(lab.url);
      expect(reply.status).toBe(200);
      expect(reply.servedBy!.thread).toMatch(/^worker-\d+\.\d+$/);
    } finally {
      await lab.stop();
    }
  });
});

describe('restart with a config that no longer reads: refused, and the lab keeps serving', () => {
  const good = 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n<IfModule mpm_prefork_module>\n  StartServers 2\n  MinSpareServers 1\n  MaxSpareServers 4\n  MaxRequestWorkers 4\n</IfModule>\n';

  it('the file became a FIFO, a folder, 2 MiB, or loads another MPM: ctl refuses; a signal sent by hand is refused by the lab', async () => {
    const file = writeFile('restart.conf', good);
    const lab = await startLab(null, ['--config', file]);
    try {
      expect(await waitUntil(() => childrenOf(lab.pid).length === 2, 10_000)).toBe(true);
      const children = childrenOf(lab.pid);
      const hostile: [string, () => void, RegExp][] = [
        ['a FIFO', () => execFileSync('mkfifo', ['-m', '600', file]), /AH00554: Access to file .*restart\.conf denied by server: not a regular file/],
        ['a folder', () => fs.mkdirSync(file, { mode: 0o700 }), /AH00554: .*restart\.conf.* not a regular file/],
        ['2 MiB', () => writeFile('restart.conf', `${'#'.repeat(1023)}\n`.repeat(2048)), /larger than 1 MiB, the most the lab reads/],
        ['another MPM', () => writeFile('restart.conf', 'LoadModule mpm_event_module m.so\n'), /AH00534: httpd: Configuration error: The MPM cannot be changed during restart\./],
      ];
      for (const [what, make, message] of hostile) {
        fs.rmSync(file, { recursive: true, force: true });
        make();
        const started = Date.now();
        const ctl = await runCli(['ctl', 'graceful', '-p', String(lab.port)]);
        expect(ctl.code, `${what}: ${ctl.stderr}`).toBe(2);
        expect(ctl.stderr).toMatch(message);
        noStack(ctl.stderr);
        expect(Date.now() - started).toBeLessThan(15_000);
        // What ctl would not send, a person may: the lab reads the file, says why not, serves on.
        const seen = lab.log.length;
        process.kill(lab.pid, 'SIGUSR1');
        const said = () => lab.log.slice(seen).join('\n');
        expect(await waitUntil(() => /still serving with the running one/.test(said()), 10_000), said()).toBe(true);
        expect(said()).toMatch(message);
        expect((await get(lab.url)).status).toBe(200);
        expect(childrenOf(lab.pid)).toEqual(children);
      }
      fs.rmSync(file, { recursive: true, force: true });
      // Given a good file again, the restart happens.
      writeFile('restart.conf', good);
      const ctl = await runCli(['ctl', 'graceful', '-p', String(lab.port)]);
      expect(ctl.code, ctl.stderr).toBe(0);
      await lab.waitForLog(/AH00171: Graceful restart requested, doing restart/);
      expect((await get(lab.url)).status).toBe(200);
    } finally {
      await lab.stop();
    }
  }, 90_000);
});
