import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A fresh fault token in a file only this user can read (see README: fault endpoints). */
export function createToken(dir: string): { token: string; file: string } {
  const token = crypto.randomBytes(12).toString('hex');
  const file = path.join(dir, 'token');
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, file };
}
