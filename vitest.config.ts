import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one file at a time on a 2-core machine (cores − 1), while most of these tests wait on
    // servers, subprocesses and timers rather than compute: two at a time took the suite from 1240 s to 958 s
    // there. VITEST_MAX_WORKERS (or --maxWorkers) still overrides it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'services/*/test/**/*.test.ts',
            'cli/test/**/*.test.ts',
            'tests/integration/**/*.test.ts',
            'tests/e2e/**/*.test.ts',
            'tests/conformance/**/*.test.ts',
            'tests/security/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits for something that will happen; its 1 s default is a speed limit on a loaded machine.
          expect: { poll: { timeout: 10_000 } },
          pool: 'forks',
        },
      },
      './frontend',
    ],
  },
});
