/**
 * Starts a whole embedded hub (every service in this process, PGlite, durable queue) on a free port, pointed
 * at a fake Instagram server, with its own temporary data directory. For integration, e2e and benchmarks.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type LogDestination, loadConfig } from '@smh/shared';
import { startEmbeddedHub, type EmbeddedHub } from '../../scripts/embedded.js';
import { startFakeInstagram, type FakeInstagram } from '../fakes/instagram/server.js';

export interface TestHub {
  url: string;
  /** GET /metrics of the hub, when METRICS_PORT was given in `env`. */
  metricsUrl?: string;
  hub: EmbeddedHub;
  fake: FakeInstagram;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestHub(
  options: {
    env?: NodeJS.ProcessEnv;
    port?: number;
    frontendDir?: string;
    quiet?: boolean;
    /** Where the hub's log lines go (at LOG_LEVEL; `quiet` must be false). */
    logDestination?: LogDestination;
  } = {},
): Promise<TestHub> {
  const fake = await startFakeInstagram();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-hub-'));
  const config = loadConfig({
    SMH_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    INSTAGRAM_WEB_URL: fake.webUrl,
    INSTAGRAM_API_URL: fake.apiUrl,
    INSTAGRAM_MIN_INTERVAL_MS: '0',
    SMH_ALLOW_PRIVATE_URLS: 'true',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const hub = await startEmbeddedHub(
    { ...config, port: options.port ?? 0 },
    { frontendDir: options.frontendDir, quiet: options.quiet ?? true, logDestination: options.logDestination },
  );
  return {
    url: hub.url,
    metricsUrl: hub.metricsUrl,
    hub,
    fake,
    dataDir,
    async stop() {
      await hub.stop();
      await fake.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
