// `mpm-lab doctor` as text: what a learner pastes when asking for help. Every word of the
// report is here; the facts come from doctor-model.ts.
import type { DoctorProblem, DoctorReport, FolderReport, FolderState } from './doctor-model.ts';

const FOLDER_STATE: Record<FolderState, string> = {
  ok: 'yours, only you can enter it',
  absent: 'not there yet (made, 0700, when first needed)',
  symlink: 'a symbolic link: refused (remove it)',
  'not-a-folder': 'not a folder: refused (remove it)',
  'other-owner': "another user's: refused (remove it, or set the variable to a folder of yours)",
  'open-mode': 'others may enter it: refused (chmod 700 it)',
  unreadable: 'cannot be read (check its permissions)',
};

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function folderLine(label: string, f: FolderReport): string {
  const mode = f.mode === null ? '' : ` (${f.mode}, uid ${f.owner})`;
  return `  ${label.padEnd(10)} ${f.path}${mode}: ${FOLDER_STATE[f.state]}\n  ${''.padEnd(10)} for ${f.purpose}`;
}

function problemLine(p: DoctorProblem, r: DoctorReport): string {
  if (p.kind === 'no-proc') return 'no /proc here: the lab needs Linux (ps, status and the live view read the processes and threads from /proc)';
  const where = r.folders[p.folder];
  const variable = p.folder === 'state' ? 'XDG_STATE_HOME' : 'XDG_RUNTIME_DIR';
  return `${where.path}: ${FOLDER_STATE[p.state]} (its place comes from ${variable})`;
}

export function renderDoctor(r: DoctorReport): string {
  const lines = [
    "mpm-lab doctor: what this machine offers the lab (paste it when you ask for help)",
    '',
    `  mpm-lab    ${r.mpmLab}`,
    `  runtime    ${r.runtime.name} ${r.runtime.version}${r.runtime.name === 'node' ? '' : ` (node ${r.runtime.nodeCompat} compatible)`} at ${r.runtime.execPath}`,
    `  system     ${r.system.platform} ${r.system.release} ${r.system.arch}, uid ${r.system.uid}`,
    `  /proc      ${r.proc.available ? 'yes' : 'no: the lab needs Linux'}`,
    '',
    'Tools (optional: the lab itself needs none of them)',
  ];
  for (const t of r.tools) {
    lines.push(`  ${t.name.padEnd(10)} ${t.path ?? 'not found'}, for ${t.usedFor}`);
    if (t.path === null) lines.push(`  ${''.padEnd(10)} install: ${t.install.debian} (Debian/Ubuntu), ${t.install.macos} (macOS)`);
  }
  lines.push('', 'Folders', folderLine('state', r.folders.state), folderLine('run', r.folders.run), '', 'Labs running');
  if (r.labsError !== null) lines.push(`  cannot tell: ${r.labsError}`);
  else if (r.labs.length === 0) lines.push('  none');
  for (const l of r.labs) lines.push(`  ${l.model} on ${l.url} (parent pid ${l.pid}, ${l.runtime}, up ${duration(l.upMs)})`);
  lines.push('', r.problems.length === 0 ? 'No problems found.' : 'Problems');
  for (const p of r.problems) lines.push(`  ${problemLine(p, r)}`);
  return lines.join('\n') + '\n';
}
