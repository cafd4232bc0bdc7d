import { smoke } from './smoke.ts';

smoke('node');
