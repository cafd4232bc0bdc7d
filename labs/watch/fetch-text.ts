// GET a status page: one request at a time, a timeout, a size cap. node:http and node:https
// work the same on Node, Bun and Deno.
import http from 'node:http';
import https from 'node:https';

export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

export function fetchText(url: string, options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024; // a big worker server's page is about 1 MB
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { agent: false, headers: { 'User-Agent': 'mpm-lab-watch', Accept: 'text/html,text/plain' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        const hint = res.statusCode === 404 ? ' (is mod_status loaded, with SetHandler server-status at this path?)' : res.statusCode === 403 ? ' (the server does not allow this address to read it: Require ip ...)' : '';
        reject(new FetchError(`${url} answered HTTP ${res.statusCode}${hint}`));
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new FetchError(`${url} is larger than ${maxBytes} bytes; not a status page?`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new FetchError(`${url} did not answer within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof FetchError) reject(error);
      else if (error.code === 'ECONNREFUSED') reject(new FetchError(`${url}: connection refused: nothing listens there.\n  Check the address and port, or start a lab with \`mpm-lab run prefork\`.`));
      else reject(new FetchError(`${url}: ${error.message}`));
    });
  });
}
