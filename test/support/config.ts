// Config test helpers: write a config text to a temporary file and read it as the lab does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, resolveConfig } from '../../labs/config/index.ts';
import type { ConfigInput, ResolvedConfig } from '../../labs/config/index.ts';

/** The folder the config files of a test file are written to. */
export const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-config-'));
let n = 0;

/** Writes `text` to a fresh .conf file and returns its path. */
export function confFile(text: string): string {
  const file = path.join(configDir, `c${++n}.conf`);
  fs.writeFileSync(file, text);
  return file;
}

/** The file the last confFile (or resolveText) call wrote. */
export function lastConfFile(): string {
  return path.join(configDir, `c${n}.conf`);
}

/** Resolves `text` as a --config file, with an empty environment unless one is given. */
export function resolveText(text: string, input: Omit<ConfigInput, 'file'> = {}): ResolvedConfig {
  return resolveConfig({ env: {}, ...input, file: confFile(text) });
}

/** The ConfigError `run` throws; fails the test when it throws nothing or something else. */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
