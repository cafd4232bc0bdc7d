// A worker thread starts here: its first statement names it (ps -L, pstree -pt), and only
// then are the modules it runs loaded, which takes a while on a busy machine.
import { workerData } from 'node:worker_threads';
import { nameThread } from '../runtime/thread-name.ts';
import { workerThreadComm } from '../server/role-names.ts';
import type { ThreadData } from './thread-messages.ts';

const data = workerData as ThreadData;
nameThread(workerThreadComm(data.processSlot, data.thread));
await import('./worker-thread.ts');
