// What `run` says about its configuration before it starts: httpd's own warnings, as httpd
// prints them, and one line naming the directives the lab does not use.
import type { ResolvedConfig } from '../labs/config/types.ts';

export function printConfigReport(resolved: ResolvedConfig, write: (line: string) => void): void {
  for (const w of resolved.warnings) write(`${w.code ? w.code + ': ' : ''}${w.text}`);
  if (resolved.ignored.length > 0) {
    const names = [...new Set(resolved.ignored.map((i) => i.directive))];
    write(`mpm-lab: ignored ${resolved.ignored.length} directive(s) the lab does not use: ${names.join(', ')}`);
  }
}
