import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../labs/config/resolve.ts';
import { configForRestart } from '../../labs/server/restart-config.ts';

const resolved = (model: 'prefork' | 'worker', sets: string[]) => resolveConfig({ model, sets, env: {} });

describe('what a restart may change', () => {
  it('keeps ServerLimit with httpd\'s warning, and caps MaxRequestWorkers to it again (prefork)', () => {
    const running = resolved('prefork', ['ServerLimit=8', 'MaxRequestWorkers=8', 'Listen=127.0.0.1:9001']).config;
    const { resolved: next, logs } = configForRestart(running, resolved('prefork', ['ServerLimit=20', 'MaxRequestWorkers=20', 'StartServers=3']));
    expect(next.config.ServerLimit).toBe(8);
    expect(next.config.MaxRequestWorkers).toBe(8);
    expect(next.config.StartServers).toBe(3); // what may change does
    expect(next.config.Listen).toEqual({ host: '127.0.0.1', port: 9001 }); // the listener stays
    expect(logs).toContainEqual({ code: 'AH00179', text: 'changing ServerLimit to 20 from original value of 8 not allowed during restart' });
  });

  it('keeps ThreadLimit (worker/event), then caps ThreadsPerChild and MaxRequestWorkers to whole processes', () => {
    const running = resolved('worker', ['ServerLimit=4', 'ThreadLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16']).config;
    const { resolved: next, logs } = configForRestart(running, resolved('worker', ['ServerLimit=4', 'ThreadLimit=8', 'ThreadsPerChild=6', 'MaxRequestWorkers=24']));
    expect(next.config.ThreadLimit).toBe(4);
    expect(next.config.ThreadsPerChild).toBe(4);
    expect(next.config.MaxRequestWorkers).toBe(16);
    expect(logs.map((l) => l.text)).toContain('changing ThreadLimit to 8 from original value of 4 not allowed during restart');
  });

  it('says nothing when the limits did not change', () => {
    const running = resolved('prefork', ['MaxRequestWorkers=8']).config;
    const { logs } = configForRestart(running, resolved('prefork', ['MaxRequestWorkers=6']));
    expect(logs).toEqual([]);
  });
});
