// Errors a person can act on. They carry the exit code the CLI should use.

/** A URL the lab will not send to: not http, unparsable, or not this machine. */
export class TargetError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Connection refused: nothing listens there. */
export class NotListeningError extends Error {
  readonly exitCode = 1;
  constructor(readonly url: string) {
    super(`nothing listens on ${url} (connection refused).\n  Start a lab with \`mpm-lab run prefork\`, or check the port.`);
    this.name = 'NotListeningError';
  }
}
