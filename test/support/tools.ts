// System tools some tests need (tmux for the terminal tests, Debian's apache2 to compare with).
// CI installs them (.ci/run) and there a missing one fails the run; on a machine without them
// the tests that need them are skipped with a line that says how to install them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const said = new Set<string>();

/** True when `what` is here; otherwise skip (false) or, in CI, fail. */
export function haveTool(what: string, found: boolean, install: string): boolean {
  if (found) return true;
  if (process.env.CI) throw new Error(`${what} is missing in CI: .ci/run must install it (${install})`);
  if (!said.has(what)) {
    said.add(what);
    process.stderr.write(`mpm-lab tests: ${what} is not installed, so the tests that need it are skipped. To run them: ${install}\n`);
  }
  return false;
}

export const HAVE_TMUX = (): boolean => haveTool('tmux', onPath('tmux'), 'apt-get install -y tmux');
export const HAVE_APACHE = (): boolean =>
  haveTool('apache2', fs.existsSync('/usr/sbin/apache2') && fs.existsSync('/usr/lib/apache2/modules/mod_status.so'), 'apt-get install -y apache2');
