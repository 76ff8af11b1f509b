/**
 * Browser end-to-end tests of the web UI: Debian's Chromium (no browser download), one worker, a whole embedded hub
 * with a seeded fake Instagram started by `webServer`. Screenshots go to .tmp/screenshots/<page>-<width>.png.
 *
 *   npm run build -w @smh/frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test -c tests/e2e-browser/playwright.config.ts
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A free loopback port, asked of the OS once; later evaluations of this file (every worker) reuse it. */
function freePort(): string {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

process.env['E2E_PORT'] ??= freePort();

// Playwright resolves a relative PLAYWRIGHT_JSON_OUTPUT_NAME against this config's folder; scripts/test.sh means the
// folder it runs in (the repository root), so pin the file there.
const jsonReportName = process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'];
if (jsonReportName && !process.env['PLAYWRIGHT_JSON_OUTPUT_FILE'])
  process.env['PLAYWRIGHT_JSON_OUTPUT_FILE'] = path.resolve(jsonReportName);
const baseURL = `http://127.0.0.1:${process.env['E2E_PORT']}`;

export default defineConfig({
  testDir: '.',
  testMatch: /\.spec\.ts$/,
  // The named site runs in its own network namespace with its own config (named-site/run.ts).
  testIgnore: ['named-site/**'],
  outputDir: path.join(repoRoot, '.tmp/playwright-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: 'node --import tsx tests/e2e-browser/serve-hub.ts',
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: process.env['E2E_PORT'] },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
