import { defineConfig } from 'vitest/config';

// unit/: pure logic, in parallel. integration/, tui/, smoke/: real processes and sockets, and
// timing (maintenance ticks, keep-alive timeouts): one file at a time, so that a shared,
// 2-core machine does not turn margins into flakes.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/tui/**/*.test.ts', 'test/smoke/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
