// What --config is given when it is not an httpd.conf: devices, folders, FIFOs, /proc files,
// binaries, files too large, lines too long, blocks nested too deep, variables that multiply,
// and files of tens of thousands of lines. Each gets one clear refusal or a result, at once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, configError, confFile, resolveText } from '../support/config.ts';
import { formatConfigError, resolveConfig } from '../../labs/config/index.ts';
import { MAX_CONFIG_BYTES } from '../../labs/config/file-text.ts';

const resolveFile = (file: string, model?: 'prefork' | 'worker' | 'event') => resolveConfig({ file, env: {}, ...(model ? { model } : {}) });

/** The time `run` takes; a hostile file must not make the reader take long. */
function timed<T>(run: () => T): { result: T; ms: number } {
  const started = Date.now();
  const result = run();
  return { result, ms: Date.now() - started };
}

describe('only a regular text file is read (httpd\'s ap_pcfg_openfile, AH00554)', () => {
  it('/dev/zero is refused at once instead of read without end', () => {
    const { result: e, ms } = timed(() => configError(() => resolveFile('/dev/zero')));
    expect(e.message).toBe('AH00554: Access to file /dev/zero denied by server: not a regular file');
    expect(e.hint).toBe('/dev/zero is a character device; --config takes an httpd.conf-style text file');
    expect(e.exitCode).toBe(2);
    expect(ms).toBeLessThan(2000);
  });
  it('a folder and a FIFO are refused; the FIFO does not wait for a writer', () => {
    expect(configError(() => resolveFile(configDir)).hint).toBe(`${configDir} is a folder; --config takes an httpd.conf-style text file`);
    const fifo = path.join(configDir, 'fifo.conf');
    fs.rmSync(fifo, { force: true });
    execFileSync('mkfifo', ['-m', '600', fifo]);
    const { result: e, ms } = timed(() => configError(() => resolveFile(fifo)));
    expect(e.message).toBe(`AH00554: Access to file ${fifo} denied by server: not a regular file`);
    expect(e.hint).toMatch(/is a named pipe \(FIFO\)/);
    expect(ms).toBeLessThan(2000);
  });
  it('/dev/null is an empty config, as httpd lets it through', () => {
    const r = resolveFile('/dev/null');
    expect(r.config.model).toBe('prefork');
    expect(r.config.StartServers).toBe(5);
  });
  it('a /proc file says it is empty and is read for what it holds', () => {
    // /proc/self/status has size 0 in stat and a few hundred bytes of "Name:\t..." lines.
    expect(configError(() => resolveFile('/proc/self/status')).message).toMatch(/^Invalid command 'Name:'/);
  });
  it('a file with NUL bytes (a binary) is refused before any of it is printed', () => {
    const binary = confFile('');
    fs.writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
    const e = configError(() => resolveFile(binary));
    expect(e.message).toBe(`Configuration file ${binary} is not a text file (it contains NUL bytes)`);
  });
});

describe('sizes', () => {
  it('a file over 1 MiB is refused, naming the cap; one of exactly 1 MiB is read', () => {
    const line = `${'#'.repeat(31)}\n`;
    const exact = confFile(line.repeat(MAX_CONFIG_BYTES / line.length));
    expect(fs.statSync(exact).size).toBe(MAX_CONFIG_BYTES);
    expect(resolveFile(exact).config.model).toBe('prefork');
    const over = confFile(line.repeat(MAX_CONFIG_BYTES / line.length) + '\n');
    const e = configError(() => resolveFile(over));
    expect(e.message).toBe(`Configuration file ${over} is larger than 1 MiB, the most the lab reads`);
    expect(e.hint).toBe('an httpd.conf is a few kilobytes: check that --config names the right file');
  });
  it('an argument of a lab directive over 8192 characters is refused at its line; other directives\' are ignored as before', () => {
    const e = configError(() => resolveText(`Listen 8080\nServerName ${'a'.repeat(8193)}\n`));
    expect(e.message).toBe("ServerName: the argument is 8193 characters long; the lab takes at most 8192 (httpd's MAX_STRING_LEN)");
    expect([e.line, e.directive]).toEqual([2, 'ServerName']);
    expect(formatConfigError(e).split('\n')[1]).toMatch(/^ {2}in .*:2: ServerName a{289}\.\.\. \(8204 characters\)$/);
    const r = resolveText(`Header set X-Long "${'b'.repeat(20_000)}"\nServerName ${'a'.repeat(8192)}\n`);
    expect(r.config.ServerName).toHaveLength(8192);
    expect(r.ignored.map((i) => i.directive)).toContain('Header');
  });
  it('control characters in what is quoted are shown as \\xNN, as httpd logs them', () => {
    const e = configError(() => resolveText('Foo\x1b[31mRED\x07 1\n'));
    expect(formatConfigError(e)).toContain("Invalid command 'Foo\\x1b[31mRED\\x07'");
    expect(formatConfigError(e)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
  it('${VAR}s that multiply (a Define made of a Define, again and again) stop at 1 MiB in all', () => {
    const defines = Array.from({ length: 200 }, (_, i) => `Define A${i} \${A}\${A}\${A}\${A}\${A}\${A}\${A}\${A}`).join('\n');
    const { result: e, ms } = timed(() => configError(() => resolveText(`Define A ${'x'.repeat(1000)}\n${defines}\n`)));
    expect(e.message).toBe("${A} at line 133: the config's ${...} variables expand to more than 1 MiB in all, more than the lab reads");
    expect(e.directive).toBe('Define');
    expect(ms).toBeLessThan(3000);
  });
});

describe('nesting', () => {
  const nested = (depth: number, open = '<Directory /x>', close = '</Directory>') => `${open}\n`.repeat(depth) + `${close}\n`.repeat(depth);
  it('sections nested 64 deep are read; 65 deep are refused at the line that goes too deep', () => {
    expect(resolveText(nested(64)).config.model).toBe('prefork');
    const e = configError(() => resolveText(nested(65)));
    expect(e.message).toBe('<Directory> at line 65 is nested 65 deep: the lab reads sections and <IfModule> blocks nested at most 64 deep');
    expect(e.line).toBe(65);
  });
  it('the same inside a skipped <IfModule> (httpd skips it without reading, recursively) and for taken ones', () => {
    const skipped = configError(() => resolveText(`<IfModule mod_nothing.c>\n${nested(64, '<Location />', '</Location>')}</IfModule>\n`));
    expect(skipped.message).toMatch(/^<Location> at line 65 is nested 65 deep/);
    const taken = configError(() => resolveText(nested(65, '<IfModule !mod_nothing.c>', '</IfModule>')));
    expect(taken.message).toMatch(/^<IfModule> at line 65 is nested 65 deep/);
    // a skipped block still has to close as httpd's ap_soak_end_container wants
    expect(configError(() => resolveText('<IfModule mod_nothing.c>\n<Location />\n</Directory>\n</IfModule>\n')).message).toBe('Expected </Location> but saw </Directory>');
  });
});

describe('files of tens of thousands of lines are read in bounded time', () => {
  // Each took 16 s to minutes before (a note list searched line by line, a "did you mean"
  // over a 100000-letter name, a section path copied per line).
  it.each([
    ['33000 <IfModule> blocks of modules the lab does not load', '<IfModule mod_a.c>\n</IfModule>\n'.repeat(33_000)],
    ['40000 Listen lines', Array.from({ length: 40_000 }, (_, i) => `Listen 127.0.0.1:${1024 + i}`).join('\n')],
    ['a 100000-letter directive name', `${'X'.repeat(100_000)} 1\n`],
    ['a 100000-letter section name', `<${'Y'.repeat(100_000)}>\n`],
    ['40000 directives inside <VirtualHost>', '<VirtualHost *:80>\n' + 'KeepAlive On\n'.repeat(40_000) + '</VirtualHost>\n'],
  ])('%s', (_, text) => {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CONFIG_BYTES);
    const { ms } = timed(() => {
      try {
        return resolveText(text);
      } catch (e) {
        return configError(() => {
          throw e;
        });
      }
    });
    expect(ms).toBeLessThan(8000);
  }, 30_000);
});

describe('a restart reads the file again and may not change the MPM (httpd\'s ap_check_mpm)', () => {
  it('the file now loads another MPM: AH00534, and the running config stays', () => {
    const file = confFile('LoadModule mpm_worker_module modules/mod_mpm_worker.so\n');
    const e = configError(() => resolveConfig({ file, env: {}, running: 'prefork' }));
    expect(e.message).toBe('AH00534: httpd: Configuration error: The MPM cannot be changed during restart.');
    expect([e.file, e.line, e.directive]).toEqual([file, 1, 'LoadModule']);
    expect(e.hint).toBe('the lab runs prefork and the file now loads mpm_worker_module; to run worker, stop the lab (mpm-lab ctl stop) and start it again');
  });
  it('a file that loads no MPM is read for the running one, its <IfModule> blocks included', () => {
    const file = confFile('<IfModule mpm_worker_module>\nThreadsPerChild 5\nMaxRequestWorkers 20\n</IfModule>\n');
    const r = resolveConfig({ file, env: {}, running: 'worker' });
    expect([r.config.model, r.config.ThreadsPerChild]).toEqual(['worker', 5]);
    expect(r.notes.map((n) => n.text).join(' ')).not.toMatch(/the lab uses prefork/);
  });
});
