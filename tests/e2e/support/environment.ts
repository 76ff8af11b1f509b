/**
 * One e2e environment: a database, a Redis key prefix, a media dir, a secret, the fake Instagram (in this process)
 * and the distributed hub's processes. `close()` stops every child and removes what the run created.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createPostgresTestDatabase, REDIS_TEST_URL } from '@smh/shared/testing';
import type { BackendServiceName } from '@smh/shared';
import { startFakeInstagram, type FakeInstagram } from '../../fakes/instagram/server.js';
import { startDistributedHub, type DistributedHub, type HubSettings } from './hub-processes.js';
import { stopAll } from './processes.js';

export interface E2eEnvironment {
  settings: HubSettings;
  fake: FakeInstagram;
  hub: DistributedHub;
  dir: string;
  logDir: string;
  mediaRoot: string;
  /** Registers cleanup to run (last in, first out) on close. */
  onClose(cleanup: () => Promise<unknown>): void;
  close(): Promise<void>;
}

async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startE2eEnvironment(options: {
  name: string;
  /** Defaults: a fresh database on the shared PostgreSQL, the shared Redis. */
  databaseUrl?: string;
  redisUrl?: string;
  replicas?: Partial<Record<BackendServiceName, number>>;
  env?: Record<string, string>;
  fake?: (fake: FakeInstagram) => void;
}): Promise<E2eEnvironment> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `smh-e2e-${options.name}-`));
  const logDir = path.join(dir, 'logs');
  const cleanups: Array<() => Promise<unknown>> = [
    async () => {
      if (process.env.SMH_E2E_KEEP_LOGS) console.warn(`e2e logs kept in ${logDir}`);
      else await fs.rm(dir, { recursive: true, force: true });
    },
  ];
  const close = async () => {
    await stopAll();
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => console.warn(`e2e cleanup: ${(error as Error).message}`));
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const database = await createPostgresTestDatabase();
      await database.db.close();
      cleanups.push(() => database.drop());
      databaseUrl = database.url;
    }
    const redisUrl = options.redisUrl ?? REDIS_TEST_URL;
    const redisPrefix = `smh-e2e-${randomBytes(6).toString('hex')}`;
    cleanups.push(() => deleteRedisPrefix(redisUrl, redisPrefix));
    const fake = await startFakeInstagram();
    cleanups.push(() => fake.close());
    options.fake?.(fake);
    const dataDir = path.join(dir, 'data');
    await fs.mkdir(dataDir, { recursive: true });
    const settings: HubSettings = {
      databaseUrl,
      redisUrl,
      redisPrefix,
      dataDir,
      secretKey: randomBytes(32).toString('hex'),
      instagram: { webUrl: fake.webUrl, apiUrl: fake.apiUrl },
      env: options.env,
    };
    const hub = await startDistributedHub(settings, { logDir, replicas: options.replicas });
    return {
      settings,
      fake,
      hub,
      dir,
      logDir,
      mediaRoot: path.join(dataDir, 'media'),
      onClose: (cleanup) => cleanups.push(cleanup),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
