import fs from 'node:fs';
import { parseArgArea } from './parse.ts';

/** Where this process's argument strings lie in its memory (see parseArgArea); null if unknown. */
export function readOwnArgArea(): { start: number; end: number } | null {
  try {
    return parseArgArea(fs.readFileSync('/proc/self/stat', 'utf8'));
  } catch {
    return null; // not Linux
  }
}
