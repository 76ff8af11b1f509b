import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The `frontend` test project (run from the root's vitest.config.ts); the build lives in vite.config.ts. */
export default defineConfig({
  plugins: [react()],
  test: {
    name: 'frontend',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 20_000,
  },
});
