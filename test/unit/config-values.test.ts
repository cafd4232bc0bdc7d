// Argument readers (atoi, time units, the factor, Listen, ServerName), --set, --port, and
// describeCapacity.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir as dir, configError, resolveText } from '../support/config.ts';
import { ConfigError, DIRECTIVES, describeCapacity, formatConfigError, formatHttpdWarning, parseSetArgument, resolveConfig } from '../../labs/config/index.ts';
import type { ConfigInput, ResolvedConfig } from '../../labs/config/index.ts';
import { atoi, parseFactor, parseListen, parseServerName, parseTimeout } from '../../labs/config/values.ts';
import { logicalLines, words } from '../../labs/config/words.ts';
import { editDistance, suggestDirective } from '../../labs/config/suggest.ts';


describe('atoi, as glibc does it', () => {
  it.each([
    ['42', 42, true],
    ['+7', 7, true],
    ['-3', -3, true],
    ['12abc', 12, false],
    ['abc', 0, false],
    ['2.5', 2, false],
    ['', 0, false],
    ['0x10', 0, false],
    ['2147483648', -2147483648, false],
    ['99999999999999999999', -1, false],
  ] as const)('atoi(%j) = %d', (text, value, exact) => {
    expect(atoi(text)).toEqual({ value, exact });
  });
});

describe('time values', () => {
  it.each([
    ['5', 5000],
    ['5s', 5000],
    ['5sec', 5000],
    ['500ms', 500],
    ['2mi', 120000],
    ['2min', 120000],
    ['1h', 3600000],
    ['s', 0],
    ['-1', -1000],
  ] as const)('ap_timeout_parameter_parse(%j) = %d ms', (text, ms) => {
    expect(parseTimeout(text)).toEqual({ ms });
  });
  it.each(['5x', '5m', '5S', 'abc', '5 MS'])('%j is refused', (text) => {
    expect(parseTimeout(text)).toHaveProperty('error');
  });
  it('KeepAliveTimeout takes units in a file and on the command line', () => {
    expect(resolveText('KeepAliveTimeout 1500ms', { model: 'event' }).config.KeepAliveTimeout).toBe(1500);
    expect(resolveConfig({ model: 'event', sets: ['KeepAliveTimeout=2mi'] }).config.KeepAliveTimeout).toBe(120000);
  });
  it('a bad unit is refused with httpd\'s words and the accepted forms', () => {
    const e = configError(() => resolveText('Listen 8080\nKeepAliveTimeout 5x', { model: 'event' }));
    expect(e.message).toBe('KeepAliveTimeout has wrong format');
    expect([e.line, e.directive]).toEqual([2, 'KeepAliveTimeout']);
    expect(e.hint).toBe('KeepAliveTimeout takes a time: whole seconds (5) or a number with a unit: 500ms, 5s, 2mi, 1h; e.g. KeepAliveTimeout 5');
  });
  it('Timeout is whole seconds (atoi): "500ms" means 500 seconds, with a note', () => {
    const r = resolveText('Timeout 500ms', { model: 'prefork' });
    expect(r.config.Timeout).toBe(500000);
    expect(r.notes.map((x) => x.text)).toContain(
      'Timeout takes whole seconds in httpd 2.4 (atoi, no units): "Timeout 500ms" means 500 seconds. Units such as "ms" work for KeepAliveTimeout, not here.',
    );
  });
  it('a unit spelt out is read by its first letters, with a note', () => {
    const r = resolveText('KeepAliveTimeout 3seconds', { model: 'prefork' });
    expect(r.config.KeepAliveTimeout).toBe(3000);
    expect(r.notes.find((x) => x.directive === 'KeepAliveTimeout')!.text).toBe('httpd reads only the first letters of the unit in "KeepAliveTimeout 3seconds", so it means 3000 ms.');
  });
});

describe('AsyncRequestWorkerFactor', () => {
  it.each([
    ['2', 2, 2],
    ['1.5', 1.5, 1],
    ['2.99', 2.99, 2],
    ['0.5', 0.5, 1],
    ['1e1', 10, 10],
  ] as const)('%s is configured as %d and works as %d', (text, configured, effective) => {
    expect(parseFactor(text)).toEqual({ configured, effective });
  });
  it('a fraction is dropped, with a note saying why', () => {
    const r = resolveText('AsyncRequestWorkerFactor 2.5', { model: 'event' });
    expect(r.config.AsyncRequestWorkerFactor).toBe(2);
    expect(r.notes.find((x) => x.directive === 'AsyncRequestWorkerFactor')!.text).toContain('works as 2');
  });
  it('refusals', () => {
    expect(parseFactor('0')).toEqual({ error: 'AsyncRequestWorkerFactor argument must be a positive number' });
    expect(parseFactor('2x')).toEqual({ error: 'error parsing value' });
  });
});

describe('Listen', () => {
  it.each([
    [['8080'], { host: null, port: 8080 }],
    [['127.0.0.1:8080'], { host: '127.0.0.1', port: 8080 }],
    [['[::1]:8080'], { host: '::1', port: 8080 }],
    [['localhost:8080'], { host: 'localhost', port: 8080 }],
    [['*:80'], { host: null, port: 80 }],
    [['127.0.0.1:8443', 'https'], { host: '127.0.0.1', port: 8443, protocol: 'https' }],
  ])('parseListen(%j)', (args, spec) => {
    expect(parseListen(args)).toEqual(spec);
  });
  it.each([
    [['127.0.0.1'], 'Port must be specified'],
    [['0'], 'Invalid address or port'],
    [['70000'], 'Invalid address or port'],
    [[':80'], 'Invalid address or port'],
    [['[::1'], 'Invalid address or port'],
    [['a', 'b', 'c'], 'Listen requires 1 or 2 arguments.'],
  ])('parseListen(%j) is refused: %s', (args, error) => {
    expect(parseListen(args)).toEqual({ error });
  });
  it('the forms the lab accepts', () => {
    expect(resolveText('Listen 127.0.0.1:9001', { model: 'prefork' }).config.Listen).toEqual({ host: '127.0.0.1', port: 9001 });
    expect(resolveText('Listen [::1]:9002', { model: 'prefork' }).config.Listen).toEqual({ host: '::1', port: 9002 });
    const local = resolveText('Listen localhost:9003', { model: 'prefork' });
    expect(local.config.Listen).toEqual({ host: '127.0.0.1', port: 9003 });
    expect(local.notes.map((x) => x.directive)).toContain('Listen');
  });
  it('a bare port means every interface in httpd: the lab takes 127.0.0.1, with a note', () => {
    const r = resolveText('Listen 9004', { model: 'prefork' });
    expect(r.config.Listen).toEqual({ host: '127.0.0.1', port: 9004 });
    expect(r.notes.map((x) => x.text)).toContain('"Listen 9004" means every network interface in httpd; the lab only binds the loopback interface, so it serves on 127.0.0.1:9004.');
  });
  it('a non-loopback address is refused', () => {
    for (const text of ['0.0.0.0:80', '192.168.1.10:8080', '[::]:8080', 'example.com:80']) {
      const e = configError(() => resolveText(`Listen ${text}`, { model: 'prefork' }));
      expect(e.message).toMatch(/^Listen .*: the lab only serves on the loopback interface, not on /);
      expect([e.line, e.directive]).toEqual([1, 'Listen']);
    }
  });
  it('an IPv6 address without brackets is refused with the reason', () => {
    const e = configError(() => resolveText('Listen ::1', { model: 'prefork' }));
    expect(e.message).toBe('Listen ::1: httpd reads this as address ":", port 1');
    expect(e.hint).toBe('write an IPv6 address in brackets: Listen [::1]:8080');
  });
  it('the first Listen is used and the others noted; the same address twice is refused', () => {
    const r = resolveText('Listen 127.0.0.1:9005\nListen 127.0.0.1:9006', { model: 'prefork' });
    expect(r.config.Listen.port).toBe(9005);
    expect(r.notes.map((x) => x.text)).toContain('"Listen 127.0.0.1:9006" at line 2 is not used: httpd would listen on every Listen address, the lab serves on the first one only.');
    expect(configError(() => resolveText('Listen 127.0.0.1:9005\nListen 127.0.0.1:9005', { model: 'prefork' })).message).toBe(
      'Cannot define multiple Listeners on the same IP:port',
    );
  });
  it('no Listen: 127.0.0.1:8080, the lab\'s choice, with a note', () => {
    const r = resolveText('Timeout 10', { model: 'prefork' });
    expect(r.config.Listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(r.sources.Listen).toEqual({ kind: 'default' });
    expect(r.notes.map((x) => x.directive)).toContain('Listen');
  });
  it('--port wins over Listen; a port below 1024 gets a note', () => {
    const r = resolveText('Listen 127.0.0.1:80', { model: 'prefork', port: 0 });
    expect(r.config.Listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(r.sources.Listen).toEqual({ kind: 'cli', text: '--port 0' });
    expect(resolveText('Listen 127.0.0.1:80', { model: 'prefork' }).notes.map((x) => x.text).join('\n')).toContain('Port 80 is below 1024');
    expect(configError(() => resolveConfig({ model: 'prefork', port: 70000 })).message).toBe('--port 70000: not a port number');
  });
});

describe('ServerName', () => {
  it('host[:port]', () => {
    expect(parseServerName('www.example.com:8080')).toEqual({ name: 'www.example.com:8080' });
    expect(parseServerName('*.example.com')).toEqual({ error: 'Invalid ServerName "*.example.com" use ServerAlias to set multiple server names.' });
    expect(parseServerName('a.test:0')).toEqual({ error: 'The port number "a.test:0" is outside the appropriate range (i.e., 1..65535).' });
  });
});

describe('--set', () => {
  it('parseSetArgument reads Directive=value, aliases included', () => {
    expect(parseSetArgument('MaxRequestWorkers=8')).toEqual({ directive: 'MaxRequestWorkers', written: 'MaxRequestWorkers', value: '8', text: '--set MaxRequestWorkers=8' });
    expect(parseSetArgument('maxclients = 9')).toMatchObject({ directive: 'MaxRequestWorkers', written: 'maxclients', value: '9' });
  });
  it('parseSetArgument refusals', () => {
    expect(configError(() => parseSetArgument('MaxRequestWorkers')).message).toBe("--set needs Directive=value, got 'MaxRequestWorkers'");
    expect(configError(() => parseSetArgument('StartServers=')).message).toBe("--set StartServers: no value after '='");
    const typo = configError(() => parseSetArgument('MaxSpareThread=8'));
    expect(typo.message).toBe("--set MaxSpareThread: unknown directive 'MaxSpareThread'");
    expect(typo.hint).toBe('did you mean MaxSpareThreads?');
    expect(configError(() => parseSetArgument('User=www-data')).message).toBe('--set User: the lab does not use this httpd directive');
  });
  it('a value that is not a whole number is refused, naming the directive, the value and the range', () => {
    const e = configError(() => resolveConfig({ model: 'worker', sets: ['MaxRequestWorkers=12abc'] }));
    expect(e.message).toBe("--set MaxRequestWorkers: '12abc' is not a whole number");
    expect(e.hint).toBe(
      'MaxRequestWorkers takes a whole number, 1 or more: at most ServerLimit for prefork; a multiple of ThreadsPerChild, at most ServerLimit x ThreadsPerChild for worker and event; e.g. --set MaxRequestWorkers=16',
    );
    expect(e.text).toBe('--set MaxRequestWorkers=12abc');
    expect(formatConfigError(e).split('\n')[1]).toBe('  in --set MaxRequestWorkers=12abc');
    expect(configError(() => resolveConfig({ model: 'worker', sets: ['Timeout=5s'] })).message).toBe("--set Timeout: '5s' is not a whole number of seconds");
    expect(configError(() => resolveConfig({ model: 'worker', sets: ['KeepAlive=yes'] })).message).toBe('KeepAlive must be On or Off');
    expect(configError(() => resolveConfig({ model: 'worker', sets: ['ListenBacklog=0'] })).message).toBe('ListenBacklog must be > 0');
  });
  it('a whole number beyond C\'s int is out of range, with the range and what httpd\'s atoi() would make of it', () => {
    const e = configError(() => resolveConfig({ model: 'prefork', sets: ['MaxRequestWorkers=99999999999'] }));
    expect(e.message).toBe('--set MaxRequestWorkers: 99999999999 is out of range; httpd keeps this number in a C int, from -2147483648 to 2147483647');
    // 1215752191 is what Debian's apache2 2.4 printed for "MaxRequestWorkers 99999999999" (AH00180).
    expect(e.hint).toMatch(/^in a config file httpd's atoi\(\) would read it as 1215752191 \(the int wraps around\) and go on with that\. MaxRequestWorkers takes a whole number, 1 or more/);
    const seconds = configError(() => resolveConfig({ model: 'event', sets: ['Timeout=-4294967297'] }));
    expect(seconds.message).toBe('--set Timeout: -4294967297 is out of range; httpd keeps this number in a C int, from -2147483648 to 2147483647');
    expect(seconds.hint).toMatch(/would read it as -1 /);
    const long = configError(() => resolveConfig({ model: 'prefork', sets: [`StartServers=${'9'.repeat(60)}`] }));
    expect(long.message).toBe('--set StartServers: 99999999999999999999...(60 digits) is out of range; httpd keeps this number in a C int, from -2147483648 to 2147483647');
    // the ends of the range are numbers httpd reads as written
    expect(resolveConfig({ model: 'prefork', sets: ['MaxConnectionsPerChild=2147483647'] }).config.MaxConnectionsPerChild).toBe(2147483647);
    expect(resolveConfig({ model: 'prefork', sets: ['MaxKeepAliveRequests=-2147483648'] }).config.MaxKeepAliveRequests).toBe(-2147483648);
  });
  it('an argument longer than 8192 characters (MAX_STRING_LEN) is refused on the command line; 8192 is taken', () => {
    const e = configError(() => resolveConfig({ model: 'prefork', sets: [`ServerName=${'a'.repeat(8193)}`] }));
    expect(e.message).toBe("--set ServerName: the argument is 8193 characters long; the lab takes at most 8192 (httpd's MAX_STRING_LEN)");
    expect(e.hint).toBe('ServerName takes host[:port], e.g. localhost:8080');
    // what the terminal shows of it is cut short, with its length
    expect(formatConfigError(e).split('\n')[1]).toBe(`  in --set ServerName=${'a'.repeat(283)}... (8210 characters)`);
    expect(resolveConfig({ model: 'prefork', sets: [`ServerName=${'a'.repeat(8192)}`] }).config.ServerName).toHaveLength(8192);
  });
  it('a 100000-letter unknown directive gets its answer at once (no "did you mean" search)', () => {
    const started = Date.now();
    const e = configError(() => parseSetArgument(`${'X'.repeat(100_000)}=1`));
    expect(e.hint).toBe('see "mpm-lab config --help" for the directives the lab runs');
    expect(Date.now() - started).toBeLessThan(3000);
  });
  it('a directive of another MPM is refused', () => {
    const e = configError(() => resolveConfig({ model: 'prefork', sets: ['ThreadsPerChild=4'] }));
    expect(e.message).toBe('--set ThreadsPerChild: ThreadsPerChild is not a directive of the prefork MPM');
    expect(e.hint).toBe('ThreadsPerChild belongs to the worker and event MPMs; this config runs prefork. prefork runs one thread per process.');
  });
  it('values from --set override the file, are corrected like httpd\'s, and say they came from the command line', () => {
    const file = path.join(dir, 'set.conf');
    fs.writeFileSync(file, 'ThreadsPerChild 4\nMaxRequestWorkers 16\n');
    const r = resolveConfig({ file, model: 'event', env: {}, sets: ['MaxRequestWorkers=10', 'KeepAlive=off', 'Listen=[::1]:9100'] });
    expect(r.config.MaxRequestWorkers).toBe(8);
    expect(r.warnings.map(formatHttpdWarning)).toEqual([
      'AH00513: WARNING: MaxRequestWorkers of 10 is not an integer multiple of ThreadsPerChild of 4, decreasing to nearest multiple 8, for a maximum of 2 servers.',
    ]);
    expect(r.sources.MaxRequestWorkers).toEqual({ kind: 'derived', from: 'MaxRequestWorkers 10 (--set MaxRequestWorkers=10), corrected by httpd (AH00513)' });
    expect(r.config.KeepAlive).toBe(false);
    expect(r.sources.KeepAlive).toEqual({ kind: 'cli', text: '--set KeepAlive=off' });
    expect(r.config.Listen).toEqual({ host: '::1', port: 9100 });
  });
  it('without a file: prefork by default, with a note', () => {
    const r = resolveConfig({ sets: ['StartServers=2'] });
    expect(r.config.model).toBe('prefork');
    expect(r.config.StartServers).toBe(2);
    expect(r.notes.map((x) => x.directive)).toContain('LoadModule');
  });
});

describe('reading words and lines', () => {
  it('words: quotes group, escaped quotes stay', () => {
    expect(words('"%h \\"%r\\"" common')).toEqual(['%h "%r"', 'common']);
    expect(words("'a b' c")).toEqual(['a b', 'c']);
    expect(words('""')).toEqual(['']);
  });
  it('logicalLines: a backslash followed by spaces does not continue', () => {
    expect(logicalLines('a \\\nb\nc \\ \nd').map((l) => [l.text, l.line])).toEqual([['a b', 2], ['c \\', 3], ['d', 4]]);
  });
  it('suggestions prefer the lab\'s directives of the running model', () => {
    expect(editDistance('MaxSpareThread', 'maxsparethreads')).toBe(1);
    expect(suggestDirective('MinSpareServer', 'prefork')).toBe('MinSpareServers');
    expect(suggestDirective('DocumentRot')).toBe('DocumentRoot');
    expect(suggestDirective('AllowOveride')).toBe('AllowOverride');
  });
});

describe('describeCapacity and the DIRECTIVES table', () => {
  it('prefork: one process per request', () => {
    const c = describeCapacity(resolveConfig({ model: 'prefork', sets: ['MaxRequestWorkers=8', 'ServerLimit=8', 'StartServers=2', 'MinSpareServers=2', 'MaxSpareServers=4'] }).config);
    expect(c).toEqual({ model: 'prefork', processes: 8, threadsPerChild: 1, concurrentRequests: 8, startProcesses: 2, idleSparesMin: 2, idleSparesMax: 4, idleUnit: 'processes', scoreboardSlots: 8, keepAliveHoldsWorker: true });
  });
  it('event: processes x threads, and the connections a child accepts while idle', () => {
    const c = describeCapacity(resolveConfig({ model: 'event', sets: ['ServerLimit=4', 'ThreadLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=12'] }).config);
    expect(c).toMatchObject({ processes: 4, threadsPerChild: 4, concurrentRequests: 16, startProcesses: 3, idleSparesMin: 4, idleSparesMax: 12, idleUnit: 'threads', keepAliveHoldsWorker: false });
    expect(c.event).toEqual({ asyncRequestWorkerFactor: 2, maxConnectionsPerProcessWhenIdle: 12, maxConnectionsWhenIdle: 48 });
  });
  it('worker has no event part', () => {
    expect(describeCapacity(resolveConfig({ model: 'worker' }).config).event).toBeUndefined();
  });
  it('the table lists every directive of LabConfig once, with defaults for each model that has it', () => {
    expect(DIRECTIVES.map((d) => d.name)).toHaveLength(22);
    for (const d of DIRECTIVES) {
      // no default: off unless given (RequestReadTimeout, as httpd without mod_reqtimeout)
      if (d.kind === 'path' || d.kind === 'name' || d.kind === 'listen' || d.kind === 'stages') continue;
      for (const m of d.models) expect(d.defaults[m], `${d.name} ${m}`).toBeDefined();
    }
    expect(DIRECTIVES.find((d) => d.name === 'MaxRequestWorkers')!.aliases).toEqual(['MaxClients']);
    expect(DIRECTIVES.find((d) => d.name === 'MaxConnectionsPerChild')!.aliases).toEqual(['MaxRequestsPerChild']);
    expect(DIRECTIVES.find((d) => d.name === 'AsyncRequestWorkerFactor')!.models).toEqual(['event']);
  });
});
