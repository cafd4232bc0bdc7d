/**
 * The URL of a module beside `base` with the same extension: `.js` when the lab runs compiled
 * (Node), `.ts` when Bun or Deno run the sources.
 */
export function siblingModule(base: string, relative: string): URL {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(relative + ext, base);
}
