// `mpm-lab doctor`: the runtime, /proc, the optional tools, the lab's folders and the labs
// running, gathered here (the only I/O) and worded by cli/plain/doctor-text.ts.
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import type { FolderFacts } from '../../labs/run/folder-check.ts';
import type { LabRecord } from '../../labs/run/run-dir.ts';
import type { ToolName } from '../plain/doctor-model.ts';
import { jsonOption } from '../shared-options.ts';

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** lstat's facts about a folder; null when nothing is there. */
function folderFacts(dir: string): FolderFacts | null | 'unreadable' {
  try {
    const st = fs.lstatSync(dir);
    return { isSymbolicLink: st.isSymbolicLink(), isDirectory: st.isDirectory(), uid: st.uid, mode: st.mode };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'unreadable';
  }
}

function runningLabs(listLabs: () => LabRecord[]): LabRecord[] | { error: string } {
  try {
    return listLabs();
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  }
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('what this machine offers the lab: runtime, /proc, tools, folders, labs running (paste it when asking for help)')
    .addOption(jsonOption('print a JSON document instead of text'))
    .addHelpText('after', '\nExample:\n  $ mpm-lab doctor')
    .action(async (options: { json?: boolean }) => {
      // loaded here: `mpm-lab --help` should not pay for them
      const [{ procAvailable }, { labsRoot, listLabs }, { runtimeName }, { runtimeVersion }, { stateDir }, { TOOLS, buildDoctorReport, findProgram, searchDirs }, { renderDoctor }] =
        await Promise.all([
          import('../../labs/proc/available.ts'),
          import('../../labs/run/run-dir.ts'),
          import('../../labs/runtime/runtime-name.ts'),
          import('../../labs/runtime/runtime-version.ts'),
          import('../lesson/progress-file.ts'),
          import('../plain/doctor-model.ts'),
          import('../plain/doctor-text.ts'),
        ]);
      const dirs = searchDirs(process.env.PATH);
      const toolPaths = Object.fromEntries(TOOLS.map((t) => [t.name, findProgram(t.names, dirs, isExecutableFile)])) as Record<ToolName, string | null>;
      const report = buildDoctorReport({
        mpmLab: program.version() ?? 'unknown',
        runtime: { name: runtimeName(), version: runtimeVersion(), nodeCompat: process.version, execPath: process.execPath },
        system: { platform: os.platform(), release: os.release(), arch: os.arch(), uid: typeof process.getuid === 'function' ? process.getuid() : -1 },
        procAvailable: procAvailable(),
        toolPaths,
        stateDir: { path: stateDir(), facts: folderFacts(stateDir()) },
        runDir: { path: labsRoot(), facts: folderFacts(labsRoot()) },
        labs: runningLabs(listLabs),
        now: Date.now(),
      });
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : renderDoctor(report));
    });
}
