import crypto from 'node:crypto';
import path from 'node:path';
import { writeNewFile } from './new-file.ts';

/** A fresh fault token in a new file only this user can read (see README: fault endpoints). */
export function createToken(dir: string): { token: string; file: string } {
  const token = crypto.randomBytes(12).toString('hex');
  const file = path.join(dir, 'token');
  writeNewFile(file, token + '\n', 0o600);
  return { token, file };
}
