// RequestReadTimeout, as mod_reqtimeout.c reads it (set_reqtimeouts, set_reqtimeout_param,
// parse_int), httpd's refusals word for word, and the deadline it puts on reading a request.
import { describe, expect, it } from 'vitest';
import { configError, resolveText } from '../support/config.ts';
import { formatConfigError, resolveConfig } from '../../labs/config/index.ts';
import { formatRequestReadTimeout, parseRequestReadTimeout } from '../../labs/config/values.ts';
import { StageDeadline, readTimeoutLogText } from '../../labs/http/read-deadline.ts';

const HEADER_DEFAULT = { timeout: 20, maxTimeout: 40, minRate: 500 };
const BODY_DEFAULT = { timeout: 20, maxTimeout: 0, minRate: 500 };

describe('RequestReadTimeout arguments (set_reqtimeout_param)', () => {
  it.each([
    ['header=20-40,MinRate=500', { header: HEADER_DEFAULT }],
    ['body=20,MinRate=500', { body: BODY_DEFAULT }],
    ['header=2', { header: { timeout: 2, maxTimeout: 0, minRate: 0 } }],
    ['header=0', { header: { timeout: 0, maxTimeout: 0, minRate: 0 } }],
    ['HEADER=10,minrate=100', { header: { timeout: 10, maxTimeout: 0, minRate: 100 } }], // keys and MinRate in any case
    ['handshake=5', { handshake: { timeout: 5, maxTimeout: 0, minRate: 0 } }],
    ['header=+3', { header: { timeout: 3, maxTimeout: 0, minRate: 0 } }], // strtol takes a sign
  ])('%s', (text, stages) => {
    expect(parseRequestReadTimeout(text.split(' '))).toEqual({ stages });
  });

  it.each([
    ['header', "Invalid RequestReadTimeout parameter. Parameter must be in the form 'key=value'"],
    ['foo=1', 'RequestReadTimeout: foo=1: Unknown RequestReadTimeout parameter'],
    ['header=abc', "RequestReadTimeout: header=abc: Value 'abc' not numerical"],
    ['header=', "RequestReadTimeout: header=: Value '' not numerical"],
    ['header=5s', "RequestReadTimeout: header=5s: Cannot parse 's'"],
    ['header=20-40', 'RequestReadTimeout: header=20-40: Must set MinRate option if using timeout range'],
    ['header=-5', 'RequestReadTimeout: header=-5: Must set MinRate option if using timeout range'],
    ['header=-5,MinRate=1', "RequestReadTimeout: header=-5,MinRate=1: Value '' not numerical"],
    ['header=20,MinRate=0', 'RequestReadTimeout: header=20,MinRate=0: Minimum data rate must be larger than 0'],
    ['header=20,MinRate=-1', 'RequestReadTimeout: header=20,MinRate=-1: Value must be non-negative'],
    ['header=40-20,MinRate=500', 'RequestReadTimeout: header=40-20,MinRate=500: Maximum timeout must be larger than initial timeout'],
    ['header=20-20,MinRate=500', 'RequestReadTimeout: header=20-20,MinRate=500: Maximum timeout must be larger than initial timeout'],
    ['body=20,MinRate=x', "RequestReadTimeout: body=20,MinRate=x: Value 'x' not numerical"],
  ])('%s is refused: %s', (text, error) => {
    expect(parseRequestReadTimeout([text])).toEqual({ error });
  });

  it('each word sets the stage it names over those set before; the rest keep their defaults when written out', () => {
    const first = parseRequestReadTimeout(['header=5']);
    expect('stages' in first && formatRequestReadTimeout(first.stages)).toBe('header=5 body=20,MinRate=500');
    const both = parseRequestReadTimeout(['body=0'], 'stages' in first ? first.stages : {});
    expect('stages' in both && formatRequestReadTimeout(both.stages)).toBe('header=5 body=0');
    expect(formatRequestReadTimeout({})).toBe('header=20-40,MinRate=500 body=20,MinRate=500');
  });
});

describe('RequestReadTimeout in a config file and on the command line', () => {
  it('is off unless given, and `mpm-lab config` says what that means', () => {
    const r = resolveText('Timeout 30', { model: 'event' });
    expect(r.config.RequestReadTimeout).toBeUndefined();
    const note = r.notes.find((n) => n.directive === 'RequestReadTimeout')!.text;
    expect(note).toContain('as httpd does without mod_reqtimeout');
    expect(note).toContain('header=20-40,MinRate=500 body=20,MinRate=500');
  });

  it('takes several words on one line, and later lines change only the stages they name', () => {
    const r = resolveText('RequestReadTimeout header=20-40,MinRate=500 body=30\nRequestReadTimeout header=10', { model: 'prefork' });
    expect(r.config.RequestReadTimeout).toBe('header=10 body=30');
    expect(r.sources.RequestReadTimeout).toMatchObject({ kind: 'file', line: 2 });
    expect(r.notes.map((n) => n.text).join('\n')).toContain("mod_reqtimeout's");
  });

  it('a stage the directive does not name keeps its default, and handshake= is noted as TLS only', () => {
    const r = resolveText('RequestReadTimeout handshake=5 header=2', { model: 'worker' });
    expect(r.config.RequestReadTimeout).toBe('handshake=5 header=2 body=20,MinRate=500');
    expect(r.notes.map((n) => n.text)).toContain('The handshake= stage times the TLS handshake; the lab speaks plain HTTP, so it has nothing to time.');
  });

  it('--set takes the words in one value', () => {
    const r = resolveConfig({ model: 'event', sets: ['RequestReadTimeout=header=2 body=0'] });
    expect(r.config.RequestReadTimeout).toBe('header=2 body=0');
    expect(r.sources.RequestReadTimeout).toEqual({ kind: 'cli', text: '--set RequestReadTimeout=header=2 body=0' });
  });

  it("a bad value stops the config with httpd's words, the line, and the accepted forms", () => {
    const e = configError(() => resolveText('Timeout 30\nRequestReadTimeout header=20-40', { model: 'event' }));
    expect(e.message).toBe('RequestReadTimeout: header=20-40: Must set MinRate option if using timeout range');
    expect(e.line).toBe(2);
    expect(e.exitCode).toBe(2);
    const text = formatConfigError(e);
    expect(text).toContain('RequestReadTimeout header=20-40');
    expect(text).toContain('header=20-40,MinRate=500');
    const cli = configError(() => resolveConfig({ model: 'event', sets: ['RequestReadTimeout=header=abc'] }));
    expect(cli.message).toBe("RequestReadTimeout: header=abc: Value 'abc' not numerical");
    expect(cli.hint).toContain('--set RequestReadTimeout=header=20-40,MinRate=500');
  });

  it('inside <VirtualHost> it is accepted and not used (a server-wide setting in the lab)', () => {
    const r = resolveText('<VirtualHost *:80>\nRequestReadTimeout header=5\n</VirtualHost>', { model: 'event' });
    expect(r.config.RequestReadTimeout).toBeUndefined();
  });
});

describe("mod_reqtimeout's deadline for one stage", () => {
  it('header=20-40,MinRate=500: 20 s from the start, 2 ms more per byte, never past 40 s', () => {
    const d = new StageDeadline();
    d.start({ timeoutMs: 20_000, maxTimeoutMs: 40_000, minRate: 500 }, 1000);
    expect(d.left(1000)).toBe(20_000);
    d.received(1000); // 1000 bytes at 500 bytes/s buy 2 s
    expect(d.left(1000)).toBe(22_000);
    d.received(1_000_000);
    expect(d.left(1000)).toBe(40_000);
    expect(d.left(50_000)).toBe(0);
  });

  it('without MinRate bytes buy nothing; 0 is no limit; stop ends it', () => {
    const d = new StageDeadline();
    d.start({ timeoutMs: 2000, maxTimeoutMs: 0, minRate: 0 }, 0);
    d.received(5000);
    expect(d.left(500)).toBe(1500);
    d.stop();
    expect(d.left(500)).toBe(Infinity);
    d.start({ timeoutMs: 0, maxTimeoutMs: 0, minRate: 500 }, 0);
    expect(d.running).toBe(false);
  });

  it("logs httpd's words", () => {
    expect(readTimeoutLogText('header')).toBe('Request header read timeout');
    expect(readTimeoutLogText('body')).toBe('Request body read timeout');
  });
});
