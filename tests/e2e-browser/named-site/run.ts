/**
 * Runs the named-site browser specs (this folder) inside a private network namespace (`unshare -mn`): `lo` up with
 * the fake PeerTube's public-looking address, /etc/hosts mapping framatube.org there, a throw-away CA trusted only
 * there. Playwright, the hub it starts (SSRF guard on), Chromium and the fake all live in the namespace; Chromium
 * talks to the hub on the namespace's loopback. Arguments are passed on to `playwright test`; the exit status is
 * Playwright's. Needs root; without it this fails, saying so.
 *
 *   node --import tsx tests/e2e-browser/named-site/run.ts [playwright options]
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { siteNamespaceRefusal, siteNamespaceSetup } from '../../conformance/sites/run-in-namespace.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const here = path.relative(repoRoot, import.meta.dirname);

const refusal = siteNamespaceRefusal();
if (refusal) {
  process.stderr.write(`named-site: ${refusal}\n`);
  process.exit(1);
}

const { dir, lines } = await siteNamespaceSetup();
const script = [
  ...lines,
  `"$2" --import tsx ${here}/trust-ca.ts "$1"`,
  'shift 2',
  `exec npx playwright test -c ${here}/playwright.config.ts "$@"`,
].join('\n');
const child = spawn(
  'unshare',
  ['-mn', 'sh', '-c', script, 'named-site', dir, process.execPath, ...process.argv.slice(2)],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, E2E_SITE_TLS_DIR: dir, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => {
  child.on('error', (error) => {
    process.stderr.write(`named-site: could not start unshare: ${error.message}\n`);
    resolve(1);
  });
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
await rm(dir, { recursive: true, force: true });
process.exit(code);
