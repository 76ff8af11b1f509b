/**
 * The hub the browser tests talk to (Playwright's `webServer`): a whole embedded hub serving the built web UI on
 * E2E_PORT, pointed at a seeded fake Instagram, with its own temporary data directory (removed on SIGTERM/SIGINT).
 *
 *   E2E_PORT=8099 node --import tsx tests/e2e-browser/serve-hub.ts
 *
 * The fake's addresses go to E2E_HUB_INFO (default .tmp/e2e-hub.json) for anyone debugging a run.
 * E2E_SSRF_GUARD=on keeps the hub's SSRF guard on (SMH_ALLOW_PRIVATE_URLS=false): the named-site run
 * (named-site/run.ts), whose fake sits at a public-looking address, proves the hub reaches it with the guard on.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startTestHub } from '../support/hub.js';
import { CREATOR_PROFILE, VIEWER, VIEWER_SESSIONID } from './fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const frontendDir = path.join(repoRoot, 'frontend/dist');

function fail(message: string): never {
  process.stderr.write(`serve-hub: ${message}\n`);
  process.exit(1);
}

function portFromEnv(text: string | undefined): number {
  const port = Number(text);
  if (!text || !Number.isInteger(port) || port < 1 || port > 65535)
    fail(`E2E_PORT must be a port number 1..65535, got "${text ?? ''}"`);
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env['E2E_PORT']);
  if (!existsSync(path.join(frontendDir, 'index.html'))) {
    fail(
      `the web UI is not built (${path.relative(repoRoot, frontendDir)}/index.html is missing). Run: npm run build -w @smh/frontend`,
    );
  }
  const guardOn = process.env['E2E_SSRF_GUARD'] === 'on';
  const hub = await startTestHub({
    port,
    frontendDir,
    env: {
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
      ...(guardOn ? { SMH_ALLOW_PRIVATE_URLS: 'false' } : {}),
    },
  });
  hub.fake.addProfile(CREATOR_PROFILE);
  hub.fake.addProfile({ username: VIEWER, fullName: 'E2E Viewer', posts: 1 });
  hub.fake.addSession(VIEWER_SESSIONID, VIEWER);

  const infoFile = path.resolve(repoRoot, process.env['E2E_HUB_INFO'] ?? '.tmp/e2e-hub.json');
  await fs.mkdir(path.dirname(infoFile), { recursive: true });
  await fs.writeFile(
    infoFile,
    JSON.stringify(
      {
        url: hub.url,
        ssrfGuard: guardOn ? 'on' : 'off (private addresses allowed)',
        dataDir: hub.dataDir,
        fake: { webUrl: hub.fake.webUrl, apiUrl: hub.fake.apiUrl, cdnUrl: hub.fake.cdnUrl },
      },
      null,
      2,
    ),
  );
  process.stdout.write(`e2e hub on ${hub.url} (fake Instagram ${hub.fake.webUrl}, data ${hub.dataDir})\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => fail(`stopping failed: ${String(error)}`),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) =>
  fail(`the hub could not start: ${error instanceof Error ? error.message : String(error)}`),
);
