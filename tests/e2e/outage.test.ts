/**
 * Redis and PostgreSQL go away mid-job and come back: the download that was running completes afterwards, once,
 * with the right bytes. Uses a Redis and a PostgreSQL cluster of this test's own (the shared ones are never stopped).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { HubClient, type Download, type LibraryFile } from './support/api.js';
import { startDedicatedPostgres, startDedicatedRedis, type RestartableServer } from './support/dedicated-servers.js';
import { startE2eEnvironment, type E2eEnvironment } from './support/environment.js';
import { inspectLibrary, queryOne } from './support/library.js';
import { waitUntil } from './support/processes.js';
import { originBytes, sha256, startSlowOrigin, type SlowOrigin } from './support/slow-origin.js';
import { requireTools } from './support/tools.js';

const tools = requireTools('the outage e2e suite', ['redis-server', 'initdb', 'pg_ctl', 'ffmpeg']);
const files = {
  'during-redis': originBytes('during-redis', 5_000_000),
  'during-postgres': originBytes('during-postgres', 5_000_000),
};

describe.runIf(tools)('distributed hub through a Redis and a PostgreSQL outage', { timeout: 150_000 }, () => {
  let redis: RestartableServer;
  let postgres: RestartableServer;
  let env: E2eEnvironment;
  let slow: SlowOrigin;
  let api: HubClient;
  let logDir: string | undefined;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const started = Date.now();
    logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-e2e-servers-'));
    redis = await startDedicatedRedis(tools!['redis-server'], logDir);
    postgres = await startDedicatedPostgres(logDir);
    slow = await startSlowOrigin(files, 1_000_000);
    env = await startE2eEnvironment({
      name: 'outage',
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      env: { SMH_QUEUE_LOCK_MS: '4000' },
    });
    env.onClose(() => slow.close());
    api = new HubClient(env.hub.gateway.url);
    await api.json(
      'POST',
      '/api/auth/register',
      { username: 'outage-admin', password: 'correct horse battery staple' },
      [201],
    );
    await api.login('outage-admin', 'correct horse battery staple');
    timings.startMs = Date.now() - started;
  }, 240_000);

  afterAll(async () => {
    console.info(`outage e2e timings (ms): ${JSON.stringify(timings)}`);
    await env?.close();
    await redis?.destroy();
    await postgres?.destroy();
    if (logDir && !process.env.SMH_E2E_KEEP_LOGS) await fs.rm(logDir, { recursive: true, force: true });
  }, 60_000);

  async function downloadThrough(name: keyof typeof files, server: RestartableServer, outageMs: number): Promise<void> {
    const download = await api.json<Download>('POST', '/api/downloads', { url: slow.url(name) }, [202]);
    await api.waitForDownload(download.id, 30_000, (current) => current.progress.bytesDone > 1_000_000);
    const stoppedAt = Date.now();
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    await server.start();
    const done = await waitUntil(
      `download ${download.id} after the outage`,
      async () => {
        const current = await api.json<Download>('GET', `/api/downloads/${download.id}`).catch(() => undefined);
        return current && ['completed', 'failed', 'canceled'].includes(current.status) ? current : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    timings[`${name}Ms`] = Date.now() - stoppedAt;
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const { file } = await api.json<{ file: LibraryFile }>('GET', `/api/files/${done.fileIds[0]}`);
    expect(file).toMatchObject({ size: files[name].length, sha256: sha256(files[name]) });
    const jobs = await queryOne<{ n: number }>(
      postgres.url,
      `SELECT count(*)::int AS n FROM files.files WHERE sha256 = $1`,
      [sha256(files[name])],
    );
    expect(jobs?.n).toBe(1);
  }

  it('a download running when Redis stops completes after Redis is back', async () => {
    await downloadThrough('during-redis', redis, 3000);
  });

  it('a download running when PostgreSQL stops completes after PostgreSQL is back', async () => {
    await downloadThrough('during-postgres', postgres, 3000);
  });

  it('afterwards every process is ready again and the library holds no partial or duplicate file', async () => {
    for (const instance of env.hub.instances) {
      const ready = await waitUntil(
        `${instance.process.name} ready`,
        async () => {
          const response = await request(`${instance.url}/ready`);
          await response.body.dump();
          return response.statusCode === 200 || undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(ready).toBe(true);
    }
    const report = await inspectLibrary(postgres.url, env.mediaRoot);
    expect(report.problems).toEqual([]);
  });
});
