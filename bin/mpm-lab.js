#!/usr/bin/env node
// Node 20 cannot run TypeScript: the package ships dist/, and `npm install` in a checkout
// compiles the sources to dist/ (the preprepare script).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('mpm-lab: the compiled program (dist/) is missing.\n  Run `npm install` (or `npm run build`) in the mpm-lab folder, then try again.');
    process.exit(1);
  }
  throw error;
});
