// The version of the JavaScript runtime running the lab, as that runtime's own `--version`
// prints it (Node's with its "v"). Bun and Deno also answer process.version with the Node
// version they are compatible with, which is not theirs.
import { runtimeName } from './runtime-name.ts';

export function runtimeVersion(): string {
  const versions = process.versions as Record<string, string | undefined>;
  switch (runtimeName()) {
    case 'bun':
      return versions.bun ?? process.version;
    case 'deno':
      return versions.deno ?? process.version;
    default:
      return process.version;
  }
}
