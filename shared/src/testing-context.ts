/** A ServiceContext for tests: real adapters (PGlite or PostgreSQL, durable queue, temp storage), quiet logs. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTokenService } from './auth/index.js';
import { systemClock } from './clock.js';
import { loadConfig, type BackendServiceName, type HubConfig } from './config.js';
import { createMemoryEventBus } from './events/index.js';
import { createServiceClient, type ServiceLocator } from './http/index.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createEmbeddedQueue } from './queue/index.js';
import { createMemoryRateLimiter } from './ratelimit.js';
import type { ServiceContext } from './runtime.js';
import { createLocalStorage } from './storage/index.js';
import { createTestDatabase } from './testing.js';

export interface TestContextOptions {
  service: string;
  database?: 'pglite' | 'postgres';
  env?: NodeJS.ProcessEnv;
  /** Where other services are, when the test starts them. */
  locate?: ServiceLocator;
  /** Share one secret between several contexts (so their tokens verify each other). */
  secret?: string;
}

export async function createTestContext(
  options: TestContextOptions,
): Promise<{ context: ServiceContext; dataDir: string; close(): Promise<void> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `smh-${options.service}-`));
  const config: HubConfig = loadConfig({
    SMH_DATA_DIR: dataDir,
    INSTAGRAM_MIN_INTERVAL_MS: '0',
    SMH_ALLOW_PRIVATE_URLS: 'true',
    ...options.env,
  });
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const { db, drop } = await createTestDatabase(options.database ?? 'pglite');
  const queue = await createEmbeddedQueue({ db, pollMs: 50, backoffScale: 0.01, recoverAllOnStart: true });
  const events = createMemoryEventBus();
  const storage = await createLocalStorage(path.join(dataDir, 'media'));
  const rateLimiter = createMemoryRateLimiter();
  const tokens = createTokenService(secret);
  const locate: ServiceLocator =
    options.locate ??
    ((service: BackendServiceName) => {
      throw new Error(`test context: no location for ${service}`);
    });
  const context: ServiceContext = {
    config,
    db,
    queue,
    events,
    storage,
    rateLimiter,
    tokens,
    secret,
    clock: systemClock,
    logger: createLogger({ service: options.service, level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    metrics: createMetrics(options.service),
    call: createServiceClient({ caller: options.service, tokens, locate }),
  };
  return {
    context,
    dataDir,
    async close() {
      await queue.close();
      await events.close();
      await rateLimiter.close();
      await drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers that make a request look as if the gateway authenticated this user. */
export async function identityHeaders(
  context: Pick<ServiceContext, 'tokens'>,
  identity: { userId: string; username: string; role: 'admin' | 'user' },
): Promise<Record<string, string>> {
  return { 'x-smh-identity': await context.tokens.signIdentity(identity) };
}

/** Headers of an internal call from another service. */
export async function serviceHeaders(
  context: Pick<ServiceContext, 'tokens'>,
  caller = 'test',
): Promise<Record<string, string>> {
  return { 'x-smh-service-token': await context.tokens.signService(caller) };
}
