// The options several commands take, defined once, so that a letter means the same thing in
// every command: -p/--port, -f/--config, -s/--set, -j/--json.
import { Option } from 'commander';
import { collect } from './set-option.ts';

export const portOption = (description: string): Option => new Option('-p, --port <N>', description);

export const configOption = (description = 'an httpd.conf-style file (a real Apache config works)'): Option =>
  new Option('-f, --config <FILE>', description);

export const setOption = (): Option => new Option('-s, --set <Directive=value>', 'set a directive (repeatable)').argParser(collect);

export const jsonOption = (description: string): Option => new Option('-j, --json', description);
