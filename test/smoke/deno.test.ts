import { smoke } from './smoke.ts';

smoke('deno');
