// Preloaded into the lab's parent by run-terminal.test.ts (NODE_OPTIONS=--import): an
// internal error some time after the start, to see the terminal restored on that path too.
// Children inherit NODE_OPTIONS; they carry MPM_LAB_PARENT and are left alone.
if (!process.env.MPM_LAB_PARENT) {
  setTimeout(() => {
    throw new Error('an internal error, thrown by the test');
  }, Number(process.env.MPM_LAB_TEST_THROW_AFTER_MS ?? 3000));
}
