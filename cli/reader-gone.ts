// `mpm-lab help run | head -3`: the reader of our output went away (EPIPE). That ends a
// command quietly, as for any Unix tool; `run` instead serves on (see commands/run.ts).

export function readerGone(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/** stdout's error listener for every command; `run` removes it. */
export function exitWhenReaderGone(error: Error): void {
  if (readerGone(error)) process.exit(0);
  throw error;
}
