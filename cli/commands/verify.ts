// `mpm-lab verify N [--config FILE] [--json]`: runs exercise N's workload for real against a lab
// made from the learner's config (in this process, on 127.0.0.1, a free port) and says whether
// the goal held, with what was measured. Exit 0 passed, 1 not, 2 a config httpd would refuse.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readExerciseText } from '../exercise/exercise-files.ts';
import { STRINGS } from '../exercise/strings.ts';
import { jsonOption } from '../shared-options.ts';
import { UsageError } from '../usage-error.ts';
import { DEFAULT_CONFIG, parseExerciseNumber } from './exercise.ts';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('run exercise N\'s workload against your config on a live lab: pass or fail, with what was measured')
    .argument('<N>', 'the exercise number')
    .option('-f, --config <FILE>', 'your httpd.conf-style file', DEFAULT_CONFIG)
    .addOption(jsonOption('print JSON: passed, the findings and what was measured'))
    .addHelpText('after', '\nExamples:\n  $ mpm-lab verify 1\n  $ mpm-lab verify 2 --config keep-alive.conf --json')
    .action(async (value: string, opts: { config: string; json?: boolean }) => {
      const def = parseExerciseNumber(value);
      const text = readExerciseText(def);
      const file = path.resolve(opts.config);
      if (!fs.existsSync(file)) throw new UsageError(STRINGS.noConfig(file, def.number), 2);
      // The engine loads only now: `mpm-lab --help` stays fast.
      const { readExerciseConfig, verifyExercise } = await import('../../lessons/exercise-check/verify-lab.ts');
      const { verdictText } = await import('../exercise/exercise-text.ts');
      const resolved = readExerciseConfig(file);
      if (!opts.json) {
        process.stdout.write(STRINGS.verifying(def.number, text.title, opts.config, resolved.config.model) + '\n');
        for (const w of resolved.warnings) process.stdout.write(STRINGS.warning(w.code ? `${w.code}: ${w.text}` : w.text) + '\n');
      }
      let running: { stop(): Promise<void>; scoreboard(): { processes: { pid: number }[] } } | null = null;
      const onSignal = (code: number) => () => {
        const force = setTimeout(() => process.exit(code), 8000);
        force.unref();
        void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
      };
      const hooks: [NodeJS.Signals, () => void][] = [['SIGINT', onSignal(130)], ['SIGTERM', onSignal(143)], ['SIGHUP', onSignal(129)]];
      for (const [sig, h] of hooks) process.on(sig, h);
      // Last resort (synchronous): no child of this lab outlives the command.
      const onExit = () => {
        for (const p of running?.scoreboard().processes ?? []) {
          if (p.pid <= 0) continue;
          try {
            process.kill(p.pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
      };
      process.on('exit', onExit);
      let result;
      try {
        result = await verifyExercise(def, resolved, { created: (mpm) => (running = mpm), stopped: () => (running = null) });
      } finally {
        for (const [sig, h] of hooks) process.off(sig, h);
        process.off('exit', onExit);
      }
      const words = verdictText(text, result.verdict.findings, result.verdict.facts);
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({ exercise: def.number, title: text.title, goal: text.goal, config: file, model: result.config.model, passed: result.verdict.passed, findings: result.verdict.findings, text: words, facts: result.verdict.facts, measured: result.measured, warnings: resolved.warnings }, null, 2) + '\n',
        );
      } else {
        process.stdout.write(`${result.verdict.passed ? STRINGS.passed : STRINGS.failed}: ${words.join(' ')}\n`);
      }
      process.exitCode = result.verdict.passed ? 0 : 1;
    });
}
