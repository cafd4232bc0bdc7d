// httpd counts two generations. The config generation counts configurations read: main.c
// adds one before each read, so it is 1 at start (ParentServerConfigGeneration). The MPM
// generation counts restarts from 0 (retained->mpm->my_generation): it is what each child
// and its slots carry ("Srv 0-0") and ParentServerMPMGeneration. The lab keeps the MPM
// generation in the scoreboard; a restart reads the config again, so the other follows.
export function configGeneration(mpmGeneration: number): number {
  return mpmGeneration + 1;
}
