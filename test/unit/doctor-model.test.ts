import { describe, expect, it } from 'vitest';
import { buildDoctorReport, findProgram, folderReport, searchDirs } from '../../cli/plain/doctor-model.ts';
import type { DoctorFacts } from '../../cli/plain/doctor-model.ts';
import { renderDoctor } from '../../cli/plain/doctor-text.ts';

const DIR = { isSymbolicLink: false, isDirectory: true, uid: 1000, mode: 0o40700 };

function facts(over: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    mpmLab: '0.1.0',
    runtime: { name: 'node', version: 'v20.20.2', nodeCompat: 'v20.20.2', execPath: '/usr/bin/node' },
    system: { platform: 'linux', release: '6.1.0', arch: 'x64', uid: 1000 },
    procAvailable: true,
    toolPaths: { tmux: '/usr/bin/tmux', curl: '/usr/bin/curl', ab: null, apache2: '/usr/sbin/apache2' },
    stateDir: { path: '/home/ann/.local/state/mpm-lab', facts: null },
    runDir: { path: '/run/user/1000/mpm-lab-1000', facts: DIR },
    labs: [{ pid: 4242, model: 'event', host: '127.0.0.1', port: 8080, url: 'http://127.0.0.1:8080/', startedAt: 1_000, scoreboard: '/x', tokenFile: '/y', runtime: 'bun' }],
    now: 126_000,
    ...over,
  };
}

describe('doctor: finding programs', () => {
  it('looks on PATH, then in the sbin folders, and takes the first executable of the names in order', () => {
    expect(searchDirs('/usr/bin:relative:/bin')).toEqual(['/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']);
    expect(searchDirs(undefined)).toEqual(['/usr/local/sbin', '/usr/sbin', '/sbin']);
    const there = new Set(['/usr/sbin/apache2', '/opt/bin/httpd']);
    expect(findProgram(['apache2', 'httpd'], ['/opt/bin', '/usr/sbin'], (f) => there.has(f))).toBe('/usr/sbin/apache2');
    expect(findProgram(['httpd'], ['/opt/bin', '/usr/sbin'], (f) => there.has(f))).toBe('/opt/bin/httpd');
    expect(findProgram(['ab'], ['/opt/bin'], (f) => there.has(f))).toBeNull();
  });
});

describe('doctor: folders', () => {
  it('says ok for a 0700 folder of ours, absent for none, and why another is refused', () => {
    expect(folderReport('/r', 'x', DIR, 1000)).toMatchObject({ state: 'ok', mode: '0700', owner: 1000, problem: null });
    expect(folderReport('/r', 'x', null, 1000)).toMatchObject({ state: 'absent', mode: null });
    expect(folderReport('/r', 'x', { ...DIR, mode: 0o40755 }, 1000)).toMatchObject({ state: 'open-mode', mode: '0755' });
    expect(folderReport('/r', 'x', { ...DIR, uid: 0 }, 1000)).toMatchObject({ state: 'other-owner', owner: 0 });
    expect(folderReport('/r', 'x', { ...DIR, isSymbolicLink: true }, 1000).state).toBe('symlink');
    expect(folderReport('/r', 'x', 'unreadable', 1000).state).toBe('unreadable');
  });
});

describe('doctor: the report', () => {
  it('lists every tool with how to install it, the labs with their uptime, and no problem on a sound machine', () => {
    const r = buildDoctorReport(facts());
    expect(r.tools.map((t) => t.name)).toEqual(['tmux', 'curl', 'ab', 'apache2']);
    expect(r.tools.find((t) => t.name === 'ab')).toMatchObject({ path: null, install: { debian: 'sudo apt-get install apache2-utils', macos: 'brew install httpd' } });
    expect(r.labs).toEqual([{ model: 'event', url: 'http://127.0.0.1:8080/', port: 8080, pid: 4242, runtime: 'bun', upMs: 125_000 }]);
    expect(r.problems).toEqual([]);
    const text = renderDoctor(r);
    expect(text).toContain('runtime    node v20.20.2 at /usr/bin/node');
    expect(text).toContain('ab         not found');
    expect(text).toContain('install: sudo apt-get install apache2-utils (Debian/Ubuntu), brew install httpd (macOS)');
    // a tool that is there gets no install line
    expect(text).not.toContain('sudo apt-get install tmux');
    expect(text).toContain('event on http://127.0.0.1:8080/ (parent pid 4242, bun, up 2 min)');
    expect(text).toContain('No problems found.');
  });

  it('names the problems: no /proc, a run folder others may enter, labs it cannot list', () => {
    const r = buildDoctorReport(facts({ procAvailable: false, runDir: { path: '/tmp/mpm-lab-1000', facts: { ...DIR, mode: 0o40777 } }, labs: { error: 'refused' } }));
    expect(r.problems).toEqual([{ kind: 'no-proc' }, { kind: 'folder', folder: 'run', state: 'open-mode' }]);
    expect(r.labsError).toBe('refused');
    const text = renderDoctor(r);
    expect(text).toContain('no /proc here');
    expect(text).toContain('/tmp/mpm-lab-1000: others may enter it: refused (chmod 700 it) (its place comes from XDG_RUNTIME_DIR)');
    expect(text).toContain('cannot tell: refused');
  });

  it('says which Node a Bun or Deno is compatible with', () => {
    const text = renderDoctor(buildDoctorReport(facts({ runtime: { name: 'deno', version: '2.9.6', nodeCompat: 'v24.2.0', execPath: '/x/deno' } })));
    expect(text).toContain('runtime    deno 2.9.6 (node v24.2.0 compatible) at /x/deno');
  });
});
