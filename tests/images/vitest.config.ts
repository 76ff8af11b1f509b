import { defineConfig } from 'vitest/config';

/**
 * The container stage (infrastructure/ci/images-test.sh, `make images-test`): runs against images that stage has
 * built into its private podman store. Not part of the root Vitest run; one file at a time (they share the
 * machine's two cores with the containers).
 */
export default defineConfig({
  test: {
    name: 'images',
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/images/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
