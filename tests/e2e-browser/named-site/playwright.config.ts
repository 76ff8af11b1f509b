/**
 * The named site (PeerTube as framatube.org) through the web UI: the main browser config with only this folder's
 * specs, and a hub whose SSRF guard is on. Runs INSIDE the private network namespace that run.ts makes; started
 * any other way, the spec says so and fails.
 *
 *   node --import tsx tests/e2e-browser/named-site/run.ts      (root; scripts/test.sh does this)
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const baseServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;
if (!baseServer) throw new Error('tests/e2e-browser/playwright.config.ts has no webServer to start the hub with');

export default defineConfig({
  ...base,
  testDir: import.meta.dirname,
  testIgnore: [],
  outputDir: path.join(repoRoot, '.tmp/playwright-named-site-results'),
  webServer: {
    ...baseServer,
    env: {
      ...baseServer.env,
      E2E_SSRF_GUARD: 'on',
      E2E_HUB_INFO: '.tmp/e2e-named-site-hub.json',
    },
  },
});
