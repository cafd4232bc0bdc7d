// Which modules a Node command loads: a preload (`node --import <PRELOAD> ...`) with a module
// hook that notes every ES module loaded, plus require's cache for CommonJS (blessed), printed
// to stderr as one line when the process exits. Used by bench/startup.ts and by the test that
// --help loads no UI, no spinner and no engine.
const HOOKS = 'let port; export function initialize(d) { port = d.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';

const PRELOAD_SOURCE = `
import { createRequire, register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { port: port2 }, transferList: [port2] });
port1.unref();
process.on('exit', () => {
  const urls = [];
  for (let m; (m = receiveMessageOnPort(port1)); ) urls.push(m.message);
  for (const file of Object.keys(createRequire(process.cwd() + '/').cache)) urls.push('file://' + file);
  process.stderr.write('\\n${'MPM_LAB_LOADED'} ' + JSON.stringify([...new Set(urls)]) + '\\n');
});
`;

/** The value for `node --import`. */
export const LOADED_MODULES_PRELOAD = 'data:text/javascript,' + encodeURIComponent(PRELOAD_SOURCE);

/** The modules' URLs from the stderr of a process started with the preload. */
export function loadedModules(stderr: string): string[] {
  const line = stderr.split('\n').find((l) => l.startsWith('MPM_LAB_LOADED '));
  if (!line) throw new Error(`no list of loaded modules in:\n${stderr}`);
  return JSON.parse(line.slice('MPM_LAB_LOADED '.length)) as string[];
}
