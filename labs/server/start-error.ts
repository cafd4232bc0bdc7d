// Why the lab could not start, in httpd's words where it has them, with the fix: the command
// line prints these as they are (no stack trace) and exits 2.
import { LogWriteError } from '../log/error-log.ts';
import { RunFolderError } from '../run/run-folder-error.ts';
import { PortInUseError } from './port-in-use.ts';

/** The lab could not start (a log or pid file it cannot write, a port it may not use). */
export class StartError extends Error {
  readonly exitCode = 2;
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
  if (e.code === 'EIO') return 'input/output error: it is not a file that takes log lines';
  if (e.code === 'ENOSPC') return 'no space left on its device';
  return e.message;
}

/** What listen() failed with, as httpd says it (AH00072), and what to do. */
export function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new PortInUseError(host, port);
  const where = `AH00072: make_sock: could not bind to address ${host}:${port}`;
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new StartError(
      `${where} (permission denied: only root may use ports below 1024); pick a port from 1024 up with --port N (e.g. --port 8080), or --port 0 for any free port.`,
    );
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new StartError(`${where} (no such address on this machine); the lab listens on loopback only: use Listen 127.0.0.1:PORT.`);
  }
  return new StartError(`${where} (${error.message}); pick another port with --port N, or --port 0 for any free port.`);
}

/**
 * The error start() reports once it has cleaned up: a log that cannot be written in httpd's
 * words; any other failure of the system (it has an errno code) as one line; errors that
 * already say what to do, and bugs (with their stack), as they are.
 */
export function startFailure(error: unknown): unknown {
  if (error instanceof LogWriteError) {
    return new StartError(`AH00091: could not write to error log file ${error.file} (${fileProblem(error.reason)}); point ErrorLog at a file you can write.`);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && !(error instanceof RunFolderError)) {
    return new StartError(`could not start the lab: ${(error as Error).message}.`);
  }
  return error;
}
