/** The listener's port is taken: say which and how to pick another (exit 2, as for any bad setting). */
export class PortInUseError extends Error {
  readonly exitCode = 2;
  constructor(host: string, port: number) {
    super(
      `port ${port} on ${host} is already in use (another lab or server listens there).\n` +
        `  Pick another with --port N (e.g. --port ${port + 1}), or --port 0 for any free port.\n` +
        `  To see what listens there: ss -ltnp 'sport = :${port}'`,
    );
    this.name = 'PortInUseError';
  }
}
