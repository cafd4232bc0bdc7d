// A child's tie to its parent. When the parent dies, however it dies (SIGKILL included), the
// IPC channel closes and the child exits at once: no orphans.
import type { ToParent } from '../server/messages.ts';

export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
  if (!process.connected) process.exit(0);
}

export function tellParent(message: ToParent): void {
  if (process.connected) process.send!(message);
}
