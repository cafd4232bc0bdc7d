// The bytes of one request. The client writes HTTP itself so that every runtime sends the
// same thing and each lane owns exactly one connection.
import type { Target } from './target.ts';

export function requestText(target: Target, method: string, keepAlive: boolean, extra: Record<string, string> = {}): string {
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string) => {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new TypeError(`invalid header ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    }
    headers.set(name.toLowerCase(), [name, value]);
  };
  set('Host', target.hostHeader);
  set('User-Agent', 'mpm-lab');
  set('Accept', '*/*');
  set('Connection', keepAlive ? 'keep-alive' : 'close');
  for (const [name, value] of Object.entries(extra)) set(name, value);
  let text = `${method} ${target.path} HTTP/1.1\r\n`;
  for (const [name, value] of headers.values()) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}
