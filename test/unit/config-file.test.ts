// The httpd.conf reader: syntax, <IfModule>, model choice, refusals with file/line/directive,
// ignored httpd directives, and the fixtures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confFile, configDir, configError, lastConfFile, resolveText } from '../support/config.ts';
import { ConfigError, formatConfigError, readConfigText, resolveConfig } from '../../labs/config/index.ts';
import type { ConfigInput, ResolvedConfig } from '../../labs/config/index.ts';

const dir = configDir;

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);

describe('syntax as httpd reads it', () => {
  it('directive names are case-insensitive; blank lines and # lines are skipped', () => {
    const r = resolveText('\n# a comment\n   # an indented comment\n\nstartservers 3\nMAXREQUESTWORKERS 12\n', { model: 'prefork' });
    expect(r.config.StartServers).toBe(3);
    expect(r.config.MaxRequestWorkers).toBe(12);
    expect(r.sources.StartServers).toEqual({ kind: 'file', file: lastConfFile(), line: 5 });
  });
  it('a "\\" at the end joins the next line; httpd reports the last line', () => {
    const r = resolveText('Listen 127.0.0.1:8080\nMaxRequestWorkers \\\n  40\n', { model: 'prefork' });
    expect(r.config.MaxRequestWorkers).toBe(40);
    expect(r.sources.MaxRequestWorkers).toMatchObject({ kind: 'file', line: 3 });
  });
  it('quotes around a value are removed', () => {
    const r = resolveText('PidFile "run dir/httpd.pid"\nServerName \'localhost:8080\'\nMaxClients "20"', { model: 'prefork' });
    expect(r.config.PidFile).toBe(path.join(dir, 'run dir/httpd.pid'));
    expect(r.config.ServerName).toBe('localhost:8080');
    expect(r.config.MaxRequestWorkers).toBe(20);
  });
  it('a # after a directive is not a comment: it is more arguments', () => {
    const e = configError(() => resolveText('KeepAliveTimeout 5 # seconds', { model: 'event' }));
    expect(e.message).toBe('KeepAliveTimeout takes one argument, Keep-Alive timeout duration (sec)');
    expect(e.line).toBe(1);
    expect(e.hint).toBe('a # comment must be on a line of its own: httpd reads "# seconds" as more arguments');
  });
  it('${VAR} comes from Define, then the environment; an unknown one is left and warned about (AH00111)', () => {
    const r = resolveText('Define logs /var/tmp/lab\nErrorLog ${logs}/error.log\nPidFile ${RUN}/pid\nDocumentRoot ${NOPE}/www', {
      model: 'prefork',
      env: { RUN: '/run/lab' },
    });
    expect(r.config.ErrorLog).toBe('/var/tmp/lab/error.log');
    expect(r.config.PidFile).toBe('/run/lab/pid');
    expect(r.config.DocumentRoot).toBeUndefined();
    expect(r.warnings).toEqual([{ code: 'AH00111', text: 'Config variable ${NOPE} is not defined', directive: 'DocumentRoot' }]);
    expect(r.notes.map((x) => x.directive)).toContain('DocumentRoot');
  });
  it('relative paths start at the config file\'s folder, with a note', () => {
    const r = resolveText('ErrorLog logs/error.log\nDocumentRoot /srv/www', { model: 'prefork' });
    expect(r.config.ErrorLog).toBe(path.join(dir, 'logs/error.log'));
    expect(r.config.DocumentRoot).toBe('/srv/www');
    expect(r.notes.find((x) => x.directive === 'ServerRoot')!.text).toContain(dir);
  });
  it('ErrorLog to a pipe or syslog is not a file: the lab keeps its own, with a note', () => {
    const r = resolveText('ErrorLog "|/usr/bin/logger"', { model: 'prefork' });
    expect(r.config.ErrorLog).toBeUndefined();
    expect(r.notes.map((x) => x.directive)).toContain('ErrorLog');
  });
  it('the Error directive stops the configuration with its own text', () => {
    const e = configError(() => resolveText('<IfModule !mod_ssl.c>\nError "mod_ssl is required"\n</IfModule>', { model: 'prefork' }));
    expect(e.message).toBe('mod_ssl is required');
    expect(e.line).toBe(2);
  });
});

describe('<IfModule> and <IfDefine>', () => {
  const blocks = `Listen 127.0.0.1:8080
<IfModule mpm_prefork_module>
  MinSpareServers 2
  MaxSpareServers 4
</IfModule>
<IfModule mpm_worker_module>
  MinSpareThreads 4
  ThreadsPerChild 4
</IfModule>
<IfModule event.c>
  AsyncRequestWorkerFactor 3
  ThreadsPerChild 8
</IfModule>
`;
  it('a block for another MPM is skipped entirely, so its directives are not refused', () => {
    expect(resolveText(blocks, { model: 'prefork' }).config).toMatchObject({ MinSpareServers: 2, MaxSpareServers: 4 });
    expect(resolveText(blocks, { model: 'worker' }).config).toMatchObject({ MinSpareThreads: 4, ThreadsPerChild: 4 });
    expect(resolveText(blocks, { model: 'event' }).config).toMatchObject({ AsyncRequestWorkerFactor: 3, ThreadsPerChild: 8 });
  });
  it('a skipped block is not read at all: httpd does not see a misspelling in it', () => {
    const r = resolveText('<IfModule mpm_worker_module>\nMaxSpareThread 8\n<Directory />\nNonsense\n</Directory>\n</IfModule>', { model: 'prefork' });
    expect(r.config.model).toBe('prefork');
  });
  it('negation and nesting', () => {
    const text = `<IfModule !mpm_prefork_module>
  <IfModule mpm_event_module>
    ThreadsPerChild 5
  </IfModule>
  <IfModule !mpm_event_module>
    ThreadsPerChild 6
  </IfModule>
</IfModule>
<IfModule !mpm_worker_module>
  MaxKeepAliveRequests 7
</IfModule>`;
    expect(resolveText(text, { model: 'event' }).config).toMatchObject({ ThreadsPerChild: 5, MaxKeepAliveRequests: 7 });
    expect(resolveText(text, { model: 'worker' }).config).toMatchObject({ ThreadsPerChild: 6, MaxKeepAliveRequests: 100 });
    expect(resolveText(text, { model: 'prefork' }).config).toMatchObject({ MaxKeepAliveRequests: 7 });
  });
  it('modules other than the MPM count as not loaded (a note says so); httpd\'s core counts as loaded', () => {
    const r = resolveText('<IfModule mod_status.c>\nMaxKeepAliveRequests 5\n</IfModule>\n<IfModule !ssl_module>\nKeepAliveTimeout 2\n</IfModule>\n<IfModule core.c>\nTimeout 9\n</IfModule>', { model: 'prefork' });
    expect(r.config).toMatchObject({ MaxKeepAliveRequests: 100, KeepAliveTimeout: 2000, Timeout: 9000 });
    expect(r.notes.filter((x) => x.directive === 'IfModule').map((x) => x.text)).toEqual([
      "<IfModule mod_status.c> at line 1 was skipped: the lab counts only its own MPM (and httpd's core) as loaded, every other module as absent.",
      "<IfModule !ssl_module> at line 4 was taken: the lab counts only its own MPM (and httpd's core) as loaded, every other module as absent.",
    ]);
  });
  it('module names are case-sensitive, as in httpd', () => {
    expect(resolveText('<IfModule MPM_PREFORK_MODULE>\nStartServers 2\n</IfModule>', { model: 'prefork' }).config.StartServers).toBe(5);
  });
  it('<IfDefine> follows Define', () => {
    const r = resolveText('Define SMALL\n<IfDefine SMALL>\nMaxRequestWorkers 4\n</IfDefine>\n<IfDefine !SMALL>\nMaxRequestWorkers 99\n</IfDefine>', { model: 'prefork' });
    expect(r.config.MaxRequestWorkers).toBe(4);
  });
  it('refusals: no ">", no argument, a skipped block never closed or closed by the wrong tag', () => {
    expect(configError(() => resolveText('<IfModule mpm_event_module\nStartServers 2\n</IfModule>')).message).toBe("<IfModule> directive missing closing '>'");
    expect(configError(() => resolveText('<IfModule >\n</IfModule>')).message).toBe('<IfModule> directive requires additional arguments');
    const unclosed = configError(() => resolveText('StartServers 2\n<IfModule mpm_event_module>\nThreadsPerChild 4\n', { model: 'prefork' }));
    expect(unclosed.message).toBe('Expected </IfModule> before end of configuration');
    expect([unclosed.line, unclosed.directive]).toEqual([2, '<IfModule']);
    expect(configError(() => resolveText('<IfModule mpm_event_module>\n</Directory>\n', { model: 'prefork' })).message).toBe(
      'Expected </IfModule> but saw </Directory>',
    );
  });
  it('an <IfModule> that is taken and never closed is not an error in httpd; the lab notes it', () => {
    const r = resolveText('<IfModule mpm_prefork_module>\nStartServers 2\n', { model: 'prefork' });
    expect(r.config.StartServers).toBe(2);
    expect(r.notes.map((x) => x.text)).toContain('The <IfModule> opened at line 1 is never closed. httpd does not notice: the rest of the file simply belongs to the block.');
  });
});

describe('choosing the model', () => {
  it('LoadModule mpm_NAME_module chooses it when the command line does not', () => {
    const r = resolveText('LoadModule mpm_worker_module modules/mod_mpm_worker.so\n<IfModule mpm_worker_module>\nThreadsPerChild 5\nMaxRequestWorkers 20\n</IfModule>');
    expect(r.config.model).toBe('worker');
    expect(r.config.ThreadsPerChild).toBe(5);
  });
  it('an <IfModule> before the LoadModule line sees no MPM yet (LoadModule runs while reading)', () => {
    const r = resolveText('<IfModule mpm_event_module>\nThreadsPerChild 5\n</IfModule>\nLoadModule mpm_event_module modules/mod_mpm_event.so');
    expect(r.config.model).toBe('event');
    expect(r.config.ThreadsPerChild).toBe(25);
  });
  it('a command line naming another MPM than LoadModule is refused, as httpd -C "LoadModule ..." -f FILE is (AH00534)', () => {
    const e = configError(() => resolveText('StartServers 2\nLoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n', { model: 'event' }));
    expect(e.message).toBe('AH00534: httpd: Configuration error: More than one MPM loaded.');
    expect([e.line, e.directive]).toEqual([2, 'LoadModule']);
    expect(e.hint).toBe(
      "the command line chose event and this line loads mpm_prefork_module: leave the model off the command line to run the file's MPM, or change this line",
    );
  });
  it('a command line naming the MPM the file loads is read silently', () => {
    const r = resolveText('LoadModule mpm_worker_module m.so\n<IfModule mpm_worker_module>\nThreadsPerChild 5\n</IfModule>', { model: 'worker' });
    expect([r.config.model, r.config.ThreadsPerChild]).toEqual(['worker', 5]);
    expect(r.warnings.filter((w) => w.directive === 'LoadModule')).toEqual([]);
  });
  it('two different MPMs: httpd refuses (AH00534)', () => {
    const e = configError(() => resolveText('LoadModule mpm_event_module a.so\nLoadModule mpm_prefork_module b.so\nStartServers 2'));
    expect(e.message).toBe('AH00534: httpd: Configuration error: More than one MPM loaded.');
    expect([e.line, e.directive]).toEqual([2, 'LoadModule']);
  });
  it('the same MPM twice: httpd skips the second with AH01574', () => {
    const r = resolveText('LoadModule mpm_event_module a.so\nLoadModule mpm_event_module a.so');
    expect(r.warnings).toEqual([{ code: 'AH01574', text: 'module mpm_event_module is already loaded, skipping', directive: 'LoadModule' }]);
  });
  it('an MPM the lab does not have is refused, naming the three it has', () => {
    const e = configError(() => resolveText('LoadModule mpm_itk_module modules/mpm_itk.so'));
    expect(e.message).toBe('The lab has no "itk" MPM (LoadModule mpm_itk_module)');
    expect(e.hint).toBe('load one of the three it runs: mpm_prefork_module, mpm_worker_module, mpm_event_module');
  });
  it('LoadModule with one argument is refused with httpd\'s wording', () => {
    expect(configError(() => resolveText('LoadModule mpm_event_module')).message).toBe(
      'LoadModule takes two arguments, a module name and the name of a shared object file to load it from',
    );
  });
  it('no model anywhere: prefork, with a note', () => {
    const r = resolveText('Listen 8081');
    expect(r.config.model).toBe('prefork');
    expect(r.notes[0]!.text).toContain('the lab uses prefork');
  });
  it('other modules\' LoadModule lines are ignored and reported', () => {
    const r = resolveText('LoadModule status_module modules/mod_status.so\nLoadModule mpm_prefork_module m.so');
    expect(r.ignored.map((i) => [i.directive, i.line])).toEqual([['LoadModule', 1]]);
  });
  it('an unknown model name is refused', () => {
    const e = configError(() => resolveConfig({ model: 'forked' as 'prefork' }));
    expect(e.message).toBe("unknown MPM 'forked'");
    expect(e.hint).toBe('choose one of prefork, worker, event');
  });
});

describe('refusals name the file, the line and the directive', () => {
  it('a misspelled directive, with the closest known name', () => {
    const e = configError(() => resolveText('Listen 8080\n\nMaxSpareThread 8', { model: 'worker' }));
    expect(e.message).toBe("Invalid command 'MaxSpareThread', perhaps misspelled or defined by a module not included in the server configuration");
    expect([e.line, e.directive, e.text, e.hint]).toEqual([3, 'MaxSpareThread', 'MaxSpareThread 8', 'did you mean MaxSpareThreads?']);
    expect(e.file).toBe(lastConfFile());
    expect(configError(() => resolveText('StartServer 2', { model: 'prefork' })).hint).toBe('did you mean StartServers?');
    expect(configError(() => resolveText('KeepAliveTimout 2', { model: 'prefork' })).hint).toBe('did you mean KeepAliveTimeout?');
  });
  it('a word close to no directive gets no guess', () => {
    expect(configError(() => resolveText('Frobnicate yes', { model: 'prefork' })).hint).toBe(
      'check the spelling against the list in "mpm-lab config --help"',
    );
  });
  it('a directive of another MPM is an invalid command, as httpd says', () => {
    const e = configError(() => resolveText('MinSpareServers 5', { model: 'worker' }));
    expect(e.message).toBe("Invalid command 'MinSpareServers', perhaps misspelled or defined by a module not included in the server configuration");
    expect(e.hint).toBe(
      'MinSpareServers belongs to the prefork MPM; this config runs worker. With worker use MinSpareThreads. Or put it inside <IfModule mpm_prefork_module> so only prefork reads it.',
    );
    expect(configError(() => resolveText('AsyncRequestWorkerFactor 2', { model: 'worker' })).hint).toContain('belongs to the event MPM; this config runs worker');
    expect(configError(() => resolveText('AsyncRequestWorkerFactor 2', { model: 'prefork' })).directive).toBe('AsyncRequestWorkerFactor');
    expect(configError(() => resolveText('ThreadsPerChild 4', { model: 'prefork' })).hint).toContain('prefork runs one thread per process.');
  });
  it('directives of NetWare\'s MPM are unknown to httpd on Unix', () => {
    expect(configError(() => resolveText('MaxThreads 10', { model: 'event' })).hint).toContain('mpm_netware');
  });
  it('wrong argument counts use httpd\'s usage strings', () => {
    expect(configError(() => resolveText('StartServers', { model: 'prefork' })).message).toBe(
      'StartServers takes one argument, Number of child processes launched at server startup',
    );
    expect(configError(() => resolveText('StartServers 1 2', { model: 'worker' })).message).toBe(
      'StartServers takes one argument, Number of child processes launched at server startup',
    );
    expect(configError(() => resolveText('MaxRequestWorkers', { model: 'prefork' })).message).toBe(
      'MaxRequestWorkers takes one argument, Maximum number of children alive at the same time',
    );
    expect(configError(() => resolveText('MaxRequestWorkers', { model: 'event' })).message).toBe(
      'MaxRequestWorkers takes one argument, Maximum number of threads alive at the same time',
    );
    expect(configError(() => resolveText('MaxClients 1 2', { model: 'event' })).message).toBe('MaxClients takes one argument, Deprecated name of MaxRequestWorkers');
    expect(configError(() => resolveText('Listen', { model: 'event' })).message).toBe('Listen requires 1 or 2 arguments.');
    expect(configError(() => resolveText('Timeout ""', { model: 'event' })).message).toBe('Timeout takes one argument, Timeout duration (sec)');
  });
  it('KeepAlive must be On or Off; ListenBacklog must be > 0; AsyncRequestWorkerFactor must be positive', () => {
    expect(configError(() => resolveText('KeepAlive yes', { model: 'prefork' })).message).toBe('KeepAlive must be On or Off');
    expect(configError(() => resolveText('ListenBacklog 0', { model: 'prefork' })).message).toBe('ListenBacklog must be > 0');
    expect(configError(() => resolveText('ListenBacklog none', { model: 'prefork' })).message).toBe('ListenBacklog must be > 0');
    expect(configError(() => resolveText('AsyncRequestWorkerFactor 0', { model: 'event' })).message).toBe(
      'AsyncRequestWorkerFactor argument must be a positive number',
    );
    expect(configError(() => resolveText('AsyncRequestWorkerFactor -1', { model: 'event' })).message).toBe(
      'AsyncRequestWorkerFactor argument must be a positive number',
    );
    expect(configError(() => resolveText('AsyncRequestWorkerFactor two', { model: 'event' })).message).toBe('error parsing value');
  });
  it('sections: unclosed, unmatched, mismatched (httpd\'s build phase)', () => {
    const unclosed = configError(() => resolveText('<Directory /srv>\nOptions None\n', { model: 'prefork' }));
    expect(unclosed.message).toBe(`${lastConfFile()}:1: <Directory> was not closed.`);
    expect(unclosed.line).toBe(1);
    expect(configError(() => resolveText('</Directory>', { model: 'prefork' })).message).toBe('</Directory> without matching <Directory> section');
    expect(configError(() => resolveText('<Directory />\n</Files>', { model: 'prefork' })).message).toBe('Expected </Directory> but saw </Files>');
  });
  it('an unknown section is an invalid command', () => {
    expect(configError(() => resolveText('<Frob x>\n</Frob>', { model: 'prefork' })).message).toBe(
      "Invalid command '<Frob', perhaps misspelled or defined by a module not included in the server configuration",
    );
    expect(configError(() => resolveText('<Directry />\n</Directry>', { model: 'prefork' })).hint).toBe('did you mean <Directory>?');
  });
  it('directives of the lab inside sections: refused where httpd refuses them, ignored inside <VirtualHost>', () => {
    expect(configError(() => resolveText('<VirtualHost *:8080>\nStartServers 2\n</VirtualHost>', { model: 'prefork' })).message).toBe(
      'StartServers cannot occur within <VirtualHost> section',
    );
    expect(configError(() => resolveText('<Directory />\nKeepAlive Off\n</Directory>', { model: 'prefork' })).message).toBe(
      'KeepAlive not allowed in <Directory> context',
    );
    const r = resolveText('<VirtualHost *:8080>\nKeepAliveTimeout 1\nServerName example.test\n</VirtualHost>', { model: 'prefork' });
    expect(r.config.KeepAliveTimeout).toBe(5000);
    expect(r.config.ServerName).toBeUndefined();
    expect(r.notes.map((x) => x.text)).toContain(
      'KeepAliveTimeout at line 2 is inside <VirtualHost>: in httpd it applies to that virtual host only. The lab serves one server and does not use it.',
    );
  });
  it('formatConfigError: what happened, where, how to fix', () => {
    const e = configError(() => resolveConfig({ file: fixture('broken-misspelled.conf'), env: {} }));
    expect(formatConfigError(e)).toBe(
      [
        "mpm-lab: Invalid command 'MaxSpareThread', perhaps misspelled or defined by a module not included in the server configuration",
        `  in ${fixture('broken-misspelled.conf')}:8: MaxSpareThread    8`,
        '  did you mean MaxSpareThreads?',
      ].join('\n'),
    );
  });
  it('a missing file is refused with the path', () => {
    const e = configError(() => resolveConfig({ file: path.join(dir, 'nope.conf'), env: {} }));
    expect(e.message).toBe(`Could not open configuration file ${path.join(dir, 'nope.conf')}: No such file or directory`);
  });
});

describe('directives of real httpd the lab does not use', () => {
  it('are accepted and reported in ignored, with their sections and contents', () => {
    const r = resolveText(
      'ServerRoot "/etc/apache2"\nUser www-data\nGroup www-data\nLogLevel warn\nInclude ports.conf\nIncludeOptional conf-enabled/*.conf\nLogFormat "%h %l \\"%r\\"" common\nCustomLog logs/access.log common\n<Directory /var/www/>\n  Options Indexes\n  AllowOverride None\n  Require all granted\n</Directory>\nServerTokens Prod\nTraceEnable Off\n',
      { model: 'prefork' },
    );
    expect(r.ignored.map((i) => i.directive)).toEqual([
      'ServerRoot', 'User', 'Group', 'LogLevel', 'Include', 'IncludeOptional', 'LogFormat', 'CustomLog', '<Directory', 'Options', 'AllowOverride', 'Require', 'ServerTokens', 'TraceEnable',
    ]);
    expect(r.notes.map((x) => x.directive)).toEqual(expect.arrayContaining(['Include', 'ServerRoot', '<Directory>']));
  });
  it('deprecated aliases work and are explained', () => {
    const r = resolveText('MaxClients 30\nMaxRequestsPerChild 1000', { model: 'prefork' });
    expect([r.config.MaxRequestWorkers, r.config.MaxConnectionsPerChild]).toEqual([30, 1000]);
    expect(r.notes.map((x) => x.text)).toEqual(
      expect.arrayContaining([
        'MaxClients is the old name of MaxRequestWorkers; httpd logs "AH00188: MaxClients is deprecated, use MaxRequestWorkers instead." at level info, which the default LogLevel warn does not show.',
        'MaxRequestsPerChild is the old name of MaxConnectionsPerChild; httpd logs "AH00545: MaxRequestsPerChild is deprecated, use MaxConnectionsPerChild instead." at level info, which the default LogLevel warn does not show.',
      ]),
    );
    expect(resolveText('MaxClients 50', { model: 'event' }).notes.map((x) => x.text).join()).toContain('AH00521');
  });
});

describe('fixtures', () => {
  it.each([
    ['prefork', { StartServers: 5, MinSpareServers: 5, MaxSpareServers: 10, MaxRequestWorkers: 150, ServerLimit: 256 }],
    ['worker', { StartServers: 2, MinSpareThreads: 25, MaxSpareThreads: 75, ThreadLimit: 64, ThreadsPerChild: 25, MaxRequestWorkers: 150, ServerLimit: 16 }],
    ['event', { StartServers: 2, MinSpareThreads: 25, MaxSpareThreads: 75, ThreadLimit: 64, ThreadsPerChild: 25, MaxRequestWorkers: 150, AsyncRequestWorkerFactor: 2 }],
  ] as const)('debian-apache2.conf starts as %s with Debian\'s values', (model, expected) => {
    const r = resolveConfig({ file: fixture('debian-apache2.conf'), model, env: {} });
    expect(r.config).toMatchObject({
      ...expected,
      model,
      Timeout: 300000,
      KeepAlive: true,
      KeepAliveTimeout: 5000,
      MaxKeepAliveRequests: 100,
      MaxConnectionsPerChild: 0,
      Listen: { host: '127.0.0.1', port: 8080 },
      ErrorLog: path.join(FIXTURES, 'logs/error.log'),
    });
    expect(r.config.PidFile).toBeUndefined();
    expect(r.warnings.map((w) => w.text)).toEqual([
      'Config variable ${APACHE_RUN_DIR} is not defined',
      'Config variable ${APACHE_PID_FILE} is not defined',
      'Config variable ${APACHE_RUN_USER} is not defined',
      'Config variable ${APACHE_RUN_GROUP} is not defined',
    ]);
    const ignored = new Set(r.ignored.map((i) => i.directive));
    for (const d of ['DefaultRuntimeDir', 'User', 'Group', 'HostnameLookups', 'LogLevel', 'IncludeOptional', 'Include', '<Directory', '<FilesMatch', 'AccessFileName', 'LogFormat', 'Options', 'AllowOverride', 'Require']) {
      expect(ignored).toContain(d);
    }
    expect(r.file).toBe(fixture('debian-apache2.conf'));
  });
  it('debian-apache2.conf with the Debian variables set uses them', () => {
    const r = resolveConfig({ file: fixture('debian-apache2.conf'), model: 'event', env: { APACHE_PID_FILE: '/tmp/lab/apache2.pid', APACHE_RUN_DIR: '/tmp', APACHE_RUN_USER: 'me', APACHE_RUN_GROUP: 'me' } });
    expect(r.config.PidFile).toBe('/tmp/lab/apache2.pid');
    expect(r.warnings).toEqual([]);
  });
  it('prefork-small.conf', () => {
    const r = resolveConfig({ file: fixture('prefork-small.conf'), env: {} });
    expect(r.config).toMatchObject({ model: 'prefork', StartServers: 2, MinSpareServers: 2, MaxSpareServers: 4, MaxRequestWorkers: 8, ServerLimit: 8 });
    expect(r.warnings).toEqual([]);
    expect(r.config.DocumentRoot).toBe(path.join(FIXTURES, 'htdocs'));
  });
  it.each(['worker', 'event'] as const)('%s-small.conf: 4 children of 4 threads; MaxSpareThreads 8 becomes 9 silently', (model) => {
    const r = resolveConfig({ file: fixture(`${model}-small.conf`), env: {} });
    expect(r.config).toMatchObject({ model, StartServers: 2, ServerLimit: 4, ThreadLimit: 4, ThreadsPerChild: 4, MaxRequestWorkers: 16, MinSpareThreads: 4, MaxSpareThreads: 9, KeepAlive: true, KeepAliveTimeout: 5000 });
    expect(r.warnings).toEqual([]);
  });
  it('broken fixtures are refused at the right line', () => {
    const cases: [string, number, string][] = [
      ['broken-misspelled.conf', 8, 'MaxSpareThread'],
      ['broken-argcount.conf', 5, 'StartServers'],
      ['broken-timeunit.conf', 5, 'KeepAliveTimeout'],
      ['broken-othermpm.conf', 4, 'MinSpareServers'],
    ];
    for (const [file, line, directive] of cases) {
      const e = configError(() => resolveConfig({ file: fixture(file), env: {} }));
      expect([e.file, e.line, e.directive]).toEqual([fixture(file), line, directive]);
    }
  });
});

describe('readConfigText', () => {
  it('keeps each directive with its line and sections for the walk', () => {
    const r = readConfigText('<VirtualHost *:80>\n  ServerName a.test\n</VirtualHost>\nTimeout 5', '/x/y.conf', { model: 'prefork' });
    expect(r.lines.map((l) => [l.name, l.line, l.sections])).toEqual([
      ['<VirtualHost', 1, []],
      ['ServerName', 2, ['<VirtualHost']],
      ['Timeout', 4, []],
    ]);
    expect(r.model).toBe('prefork');
  });
});
