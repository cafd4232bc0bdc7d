// Colour or not: NO_COLOR (https://no-color.org: set and not empty) and dumb terminals get
// no colour escapes at all; bold and inverse remain, as they are not colour.
export type ColorMode = 'color' | 'mono';

export function colorMode(env: NodeJS.ProcessEnv = process.env): ColorMode {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'mono';
  if (env.TERM === 'dumb') return 'mono';
  return 'color';
}
