// Where the run folder goes, and which folders found there are trusted: pure decisions, with
// the paths, uids and lstat facts given.
import { describe, expect, it } from 'vitest';
import { folderProblem } from '../../labs/run/folder-check.ts';
import type { FolderFacts } from '../../labs/run/folder-check.ts';
import { labsRootFor } from '../../labs/run/run-dir.ts';
import { runFolderRefused } from '../../labs/run/run-folder-error.ts';

const DIR = 0o040000;
const mine: FolderFacts = { isSymbolicLink: false, isDirectory: true, uid: 1000, mode: DIR | 0o700 };

describe('labsRootFor', () => {
  const exists = (dirs: string[]) => (dir: string) => dirs.includes(dir);
  it('uses XDG_RUNTIME_DIR when it exists, else the temp folder, with the uid in the name', () => {
    expect(labsRootFor({ xdgRuntimeDir: '/run/user/1000', tmpdir: '/tmp', uid: 1000, exists: exists(['/run/user/1000']) })).toBe('/run/user/1000/mpm-lab-1000');
    expect(labsRootFor({ xdgRuntimeDir: '/run/user/1000', tmpdir: '/tmp', uid: 1000, exists: exists([]) })).toBe('/tmp/mpm-lab-1000');
    expect(labsRootFor({ xdgRuntimeDir: undefined, tmpdir: '/tmp', uid: 0, exists: exists(['/tmp']) })).toBe('/tmp/mpm-lab-0');
    expect(labsRootFor({ xdgRuntimeDir: '', tmpdir: '/var/tmp', uid: 65534, exists: () => true })).toBe('/var/tmp/mpm-lab-65534');
  });
});

describe('folderProblem (as OpenSSH and tmux judge their folders)', () => {
  it('trusts only a real folder of this user that no one else may enter', () => {
    expect(folderProblem(mine, 1000)).toBeNull();
    expect(folderProblem({ ...mine, mode: DIR | 0o500 }, 1000)).toBeNull();
  });

  it('refuses a link, a file, another owner, and any group or other bit', () => {
    expect(folderProblem({ ...mine, isSymbolicLink: true, isDirectory: false, linkTarget: '/home/eve' }, 1000)).toEqual({ kind: 'symlink', target: '/home/eve' });
    expect(folderProblem({ ...mine, isDirectory: false }, 1000)).toEqual({ kind: 'not-a-folder' });
    expect(folderProblem({ ...mine, uid: 1001 }, 1000)).toEqual({ kind: 'other-owner', owner: 1001 });
    expect(folderProblem({ ...mine, uid: 0 }, 1000)).toEqual({ kind: 'other-owner', owner: 0 }); // even root's
    for (const bits of [0o777, 0o750, 0o701, 0o710, 0o1777]) {
      expect(folderProblem({ ...mine, mode: DIR | bits }, 1000)).toEqual({ kind: 'open-mode', mode: bits });
    }
  });

  it('says on one line what was found, why it matters, and how to fix it', () => {
    const open = runFolderRefused('/tmp/mpm-lab-1000', { kind: 'open-mode', mode: 0o777 }, 1000);
    expect(open.exitCode).toBe(2);
    expect(open.message).not.toContain('\n');
    expect(open.message).toMatch(/^refusing the run folder \/tmp\/mpm-lab-1000: its mode is 0777, so other users may use it \(it must be 0700\)/);
    expect(open.message).toMatch(/token/);
    expect(open.message).toMatch(/rm -r '\/tmp\/mpm-lab-1000'.*XDG_RUNTIME_DIR/);
    const other = runFolderRefused('/tmp/mpm-lab-1000', { kind: 'other-owner', owner: 1001 }, 1000);
    expect(other.message).toMatch(/belongs to uid 1001, not to you \(uid 1000\).*ask its owner or root to remove/);
    const link = runFolderRefused('/tmp/mpm-lab-1000', { kind: 'symlink', target: '/home/eve/x' }, 1000);
    expect(link.message).toMatch(/a symbolic link \(to \/home\/eve\/x\), not a folder/);
  });
});
