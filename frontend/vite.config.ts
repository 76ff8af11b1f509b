import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

/**
 * Build and dev-server configuration. It imports only `vite` (a frontend dependency): `vitest` is a root
 * devDependency, missing from an image that installs the frontend workspace alone. The test project is in
 * vitest.config.ts next to this file.
 *
 * `SMH_HUB_URL` (environment or .env) points the dev/preview proxy at another gateway.
 */
export default defineConfig(({ mode }) => {
  const hubUrl = loadEnv(mode, '.', 'SMH_HUB_')['SMH_HUB_URL'] ?? 'http://localhost:8080';
  const proxy = { '/api': { target: hubUrl, changeOrigin: true } };
  return {
    plugins: [react()],
    server: { proxy },
    preview: { proxy },
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  };
});
