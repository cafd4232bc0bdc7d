/** commander collector for repeatable `--set Directive=value`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
