import { defineConfig } from 'vitest/config';
import { loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

/** `SMH_HUB_URL` (environment or .env) points the dev/preview proxy at another gateway. */
export default defineConfig(({ mode }) => {
  const hubUrl = loadEnv(mode, '.', 'SMH_HUB_')['SMH_HUB_URL'] ?? 'http://localhost:8080';
  const proxy = { '/api': { target: hubUrl, changeOrigin: true } };
  return {
    plugins: [react()],
    server: { proxy },
    preview: { proxy },
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
    test: {
      name: 'frontend',
      environment: 'jsdom',
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
      setupFiles: ['src/test/setup.ts'],
      testTimeout: 20_000,
    },
  };
});
