import { smoke } from './smoke.ts';

smoke('bun');
