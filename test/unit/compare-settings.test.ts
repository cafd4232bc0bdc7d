// compare's settings: the same MaxRequestWorkers for the three models, read by the lab's own
// config reader without a correction from httpd; --set goes to the models that have it.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../labs/config/resolve.ts';
import { MODEL_NAMES } from '../../labs/config/types.ts';
import { CompareSettingError, MAX_MAX_REQUEST_WORKERS, compareSettings, defaultThreadsPerChild, shownSettings } from '../../labs/compare/settings.ts';

const resolveAll = (sets: string[]) => {
  const s = compareSettings(sets);
  return MODEL_NAMES.map((model) => resolveConfig({ model, sets: s.sets[model], port: 0 }));
};

describe('compare settings', () => {
  it('by default: MaxRequestWorkers 16 everywhere, 16 prefork children, 4 x 4 threads for worker and event', () => {
    const s = compareSettings([]);
    expect(s).toMatchObject({ maxRequestWorkers: 16, threadsPerChild: 4, processes: 4, partial: [] });
    expect(s.sets.prefork).toEqual(['StartServers=16', 'MinSpareServers=4', 'MaxSpareServers=16', 'ServerLimit=16', 'MaxRequestWorkers=16']);
    expect(s.sets.worker).toEqual(['StartServers=4', 'ServerLimit=4', 'ThreadsPerChild=4', 'MinSpareThreads=4', 'MaxSpareThreads=16', 'MaxRequestWorkers=16']);
    expect(s.sets.event).toEqual(s.sets.worker);
  });

  it('threads per child: 2 to 4 processes, a divisor of MaxRequestWorkers', () => {
    expect([1, 2, 4, 6, 8, 10, 12, 16, 17, 24, 32, 64].map(defaultThreadsPerChild)).toEqual([1, 2, 4, 6, 4, 5, 4, 4, 17, 6, 8, 16]);
  });

  it('every MaxRequestWorkers from 1 to the cap: the three models get exactly it, and httpd corrects nothing', () => {
    for (let n = 1; n <= MAX_MAX_REQUEST_WORKERS; n++) {
      const resolved = resolveAll([`MaxRequestWorkers=${n}`]);
      for (const r of resolved) {
        expect({ n, model: r.config.model, mrw: r.config.MaxRequestWorkers, warnings: r.warnings }).toEqual({ n, model: r.config.model, mrw: n, warnings: [] });
        // every worker slot can be started at once: the processes StartServers asks for
        expect(r.config.StartServers * r.config.ThreadsPerChild).toBe(n);
      }
    }
  });

  it('a directive of some models only goes to those, and says so; one of all three goes to all', () => {
    const s = compareSettings(['AsyncRequestWorkerFactor=4', 'MinSpareServers=2', 'maxsparethreads=20', 'KeepAliveTimeout=2']);
    expect(s.partial).toEqual([
      { set: 'AsyncRequestWorkerFactor=4', models: ['event'] },
      { set: 'MinSpareServers=2', models: ['prefork'] },
      { set: 'maxsparethreads=20', models: ['worker', 'event'] },
    ]);
    expect(s.sets.prefork).toContain('MinSpareServers=2');
    expect(s.sets.prefork).not.toContain('MinSpareServers=4'); // the learner's replaces compare's
    expect(s.sets.worker).not.toContain('AsyncRequestWorkerFactor=4');
    expect(s.sets.event.filter((x) => /^MaxSpareThreads=/i.test(x))).toEqual(['maxsparethreads=20']); // compare's own is left out
    const [prefork, worker, event] = resolveAll(['AsyncRequestWorkerFactor=4', 'MinSpareServers=2', 'maxsparethreads=20', 'KeepAliveTimeout=2']);
    expect(prefork!.config).toMatchObject({ MinSpareServers: 2, KeepAliveTimeout: 2000 });
    expect(worker!.config).toMatchObject({ MaxSpareThreads: 20, KeepAliveTimeout: 2000 });
    expect(event!.config).toMatchObject({ MaxSpareThreads: 20, AsyncRequestWorkerFactor: 4, KeepAliveTimeout: 2000 });
  });

  it('MaxRequestWorkers and ThreadsPerChild given: the sizes follow them', () => {
    const s = compareSettings(['MaxRequestWorkers=8']);
    expect(s).toMatchObject({ maxRequestWorkers: 8, threadsPerChild: 4, processes: 2 });
    expect(s.sets.prefork).toContain('StartServers=8');
    const t = compareSettings(['MaxClients=12', 'ThreadsPerChild=6']); // httpd's old name counts too
    expect(t).toMatchObject({ maxRequestWorkers: 12, threadsPerChild: 6, processes: 2 });
    expect(t.sets.worker).toContain('StartServers=2');
    expect(t.sets.prefork).toContain('MaxClients=12');
  });

  it('refuses what compare cannot pass on, saying which value and why', () => {
    expect(() => compareSettings(['Listen=8080'])).toThrow(/--set Listen=8080: compare starts each model on a free port of 127\.0\.0\.1 itself/);
    for (const bad of ['0', '65', 'abc', '-1', '']) {
      expect(() => compareSettings([`MaxRequestWorkers=${bad}`])).toThrow(CompareSettingError);
      expect(() => compareSettings([`MaxRequestWorkers=${bad}`])).toThrow(new RegExp(`whole number from 1 to 64; got "${bad}"`));
    }
    expect(() => compareSettings(['ThreadsPerChild=32'])).toThrow(/ThreadsPerChild as a whole number from 1 to 16; got "32"/);
  });

  it('a name the lab does not know goes to the config reader, which names it and the nearest one', () => {
    const s = compareSettings(['MaxRequestWorkrs=5']);
    for (const model of MODEL_NAMES) expect(s.sets[model]).toContain('MaxRequestWorkrs=5');
    expect(() => resolveAll(['MaxRequestWorkrs=5'])).toThrow(/unknown directive 'MaxRequestWorkrs'/);
  });

  it('shows each model its own directives and the shared ones, as read after corrections', () => {
    const [prefork, , event] = resolveAll(['RequestReadTimeout=header=1']).map(shownSettings);
    expect(prefork!.values).toEqual({
      StartServers: 16, MinSpareServers: 4, MaxSpareServers: 16, ServerLimit: 16, MaxRequestWorkers: 16,
      KeepAlive: true, KeepAliveTimeout: 5000, MaxKeepAliveRequests: 100, Timeout: 60000, RequestReadTimeout: 'header=1 body=20,MinRate=500', MaxConnectionsPerChild: 0,
    });
    expect(Object.keys(event!.values)).toContain('AsyncRequestWorkerFactor');
    expect(Object.keys(prefork!.values)).not.toContain('ThreadsPerChild');
    const warned = shownSettings(resolveConfig({ model: 'worker', sets: ['ThreadsPerChild=4', 'MaxRequestWorkers=10'], port: 0 }));
    expect(warned.warnings.join('\n')).toMatch(/AH00316: WARNING: MaxRequestWorkers of 10 is not an integer multiple of ThreadsPerChild of 4/);
  });
});
