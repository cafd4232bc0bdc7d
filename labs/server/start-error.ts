/** The lab could not start (a log or pid file it cannot write): httpd's words, and the fix. */
export class StartError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

export function fileProblem(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'its folder does not exist';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'it is a folder';
  return e.message;
}
