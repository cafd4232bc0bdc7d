// Bad input gets a clear error that names what was wrong and how to fix it, a non-zero exit
// code, no stack trace, and starts nothing.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, startLab } from '../support/lab-process.ts';

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at \S+ \(/);

describe('command line errors', () => {
  it('a misspelled directive in a file: file, line, directive and a suggestion; exit 2', async () => {
    const r = await runCli(['run', 'worker', '--config', 'fixtures/broken-misspelled.conf', '--headless']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid command 'MaxSpareThread'/);
    expect(r.stderr).toMatch(/broken-misspelled\.conf:\d+/);
    expect(r.stderr).toMatch(/did you mean MaxSpareThreads\?/);
    expect(r.stdout).not.toMatch(/lab on http/);
    noStack(r.stderr);
  });

  it('a wrong argument count and a bad time unit are refused as httpd refuses them', async () => {
    const count = await runCli(['config', 'prefork', '--config', 'fixtures/broken-argcount.conf']);
    expect(count.code).toBe(2);
    expect(count.stderr).toMatch(/takes one argument/);
    const unit = await runCli(['config', '--config', 'fixtures/broken-timeunit.conf']);
    expect(unit.code).toBe(2);
    expect(unit.stderr).toMatch(/KeepAliveTimeout/);
    noStack(count.stderr + unit.stderr);
  });

  it('a directive of another MPM is refused', async () => {
    const r = await runCli(['config', 'worker', '--set', 'MinSpareServers=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MinSpareServers/);
    noStack(r.stderr);
  });

  it('--set with a value that is not a number, an unknown model, a port out of range: exit 2', async () => {
    const notNumber = await runCli(['run', 'prefork', '--set', 'StartServers=abc', '--headless']);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/StartServers.*abc/);
    const model = await runCli(['run', 'preforkk']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/prefork, worker, event/);
    const port = await runCli(['run', 'prefork', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port.*0 to 65535/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    noStack(notNumber.stderr + model.stderr + port.stderr + unknown.stderr);
  });

  it('AsyncRequestWorkerFactor <= 0 and ListenBacklog <= 0 are refused', async () => {
    const factor = await runCli(['config', 'event', '--set', 'AsyncRequestWorkerFactor=0']);
    expect(factor.code).toBe(2);
    expect(factor.stderr).toMatch(/AsyncRequestWorkerFactor/);
    const backlog = await runCli(['config', 'prefork', '--set', 'ListenBacklog=0']);
    expect(backlog.code).toBe(2);
    expect(backlog.stderr).toMatch(/ListenBacklog/);
  });

  it('an ErrorLog or PidFile it cannot write: httpd\'s AH code, the path, the fix; nothing keeps running', async () => {
    const log = await runCli(['run', 'prefork', '--port', '0', '--headless', '--set', 'ErrorLog=/nonexistent-dir/error.log']);
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/AH00091: could not open error log file \/nonexistent-dir\/error\.log \(its folder does not exist\)/);
    const pid = await runCli(['run', 'prefork', '--port', '0', '--headless', '--set', 'PidFile=/nonexistent-dir/httpd.pid']);
    expect(pid.code).toBe(2);
    expect(pid.stderr).toMatch(/AH00099: could not create \/nonexistent-dir\/httpd\.pid/);
    noStack(log.stderr + pid.stderr);
  });

  it('a port in use: says which port and how to pick another', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['run', 'prefork', '--port', String(port), '--headless']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`port ${port}.*already in use`));
      expect(r.stderr).toMatch(/--port/);
      noStack(r.stderr);
    } finally {
      blocker.close();
    }
  });

  it('ps, status and ctl without a lab on that port say so', async () => {
    const lab = await startLab('prefork', ['--set', 'StartServers=1', '--set', 'MinSpareServers=1']);
    try {
      const free = lab.port === 1 ? 2 : 1;
      for (const cmd of ['ps', 'status']) {
        const r = await runCli([cmd, '--port', String(free)]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`no mpm-lab is running on port ${free}`));
        expect(r.stderr).toMatch(new RegExp(`prefork on port ${lab.port}`));
      }
      const bad = await runCli(['ctl', 'reboot', '--port', String(lab.port)]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/stop, restart, graceful, graceful-stop/);
    } finally {
      await lab.stop();
    }
  });
});
