// server-status (and `mpm-lab ps`) show each slot's request to anyone who can connect: the
// fault token is masked there however the request spelled it, and the header never shows.
import { describe, expect, it } from 'vitest';
import { get, settleAll, sleep } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const hex = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

describe('the fault token in server-status', () => {
  for (const model of ['prefork', 'worker'] as const) {
    it(`${model}: masked in the HTML table, ?auto and ps, whatever its encoding`, async () => {
      const sizes = model === 'prefork' ? ['StartServers=6', 'MinSpareServers=6', 'MaxSpareServers=10'] : ['StartServers=1', 'ThreadsPerChild=8', 'MinSpareThreads=1', 'MaxSpareThreads=16'];
      const lab = await startLab(model, sizes.flatMap((s) => ['--set', s]));
      try {
        expect(await waitUntil(() => childrenOf(lab.pid).length === (model === 'prefork' ? 6 : 1), 15_000)).toBe(true);
        const T = lab.token;
        const inFlight = [
          get(lab.url + `block?ms=6000&%74oken=${T}`), // the bypass: the name %-encoded
          get(lab.url + `sleep?ms=6000&t%6Fken=${hex(T)}`), // name and value encoded
          get(lab.url + `sleep?ms=6000&token=x&token=${T}`), // repeated
          get(lab.url + `sleep?ms=6000&TOKEN=${T}`),
          get(lab.url + 'sleep?ms=6000&header=1', { headers: { 'X-Lab-Token': T } }),
        ];
        const shown = ['/block?ms=6000&amp;%74oken=*', '/sleep?ms=6000&amp;t%6Fken=*', '/sleep?ms=6000&amp;token=*&amp;token=*', '/sleep?ms=6000&amp;TOKEN=*', '/sleep?ms=6000&amp;header=1'];
        let html = '';
        // All five in flight and on show (a loaded machine may take a moment to get them there).
        for (const until = Date.now() + 5000; Date.now() < until; await sleep(200)) {
          html = (await get(lab.url + 'server-status')).body;
          if (shown.every((line) => html.includes(line))) break;
        }
        const auto = (await get(lab.url + 'server-status?auto')).body;
        const ps = await runCli(['ps', '--port', String(lab.port)]);
        const { ok } = await settleAll(inFlight);
        expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]); // the token was right: /block ran
        // The requests are on show (so the check below means something)...
        for (const line of shown) expect(html).toContain(line);
        // ...and the token is not, in any form.
        for (const page of [html, auto, ps.stdout]) {
          expect(page).not.toContain(T);
          expect(page.toLowerCase()).not.toContain(hex(T).toLowerCase());
        }
      } finally {
        await lab.stop();
      }
    });
  }
});
