/**
 * The two servers of bench/gateway.ts, each started as its own process so the load generator, the gateway and the
 * service never share an event loop (as deployed). One script, two roles:
 *
 *   node --import tsx bench/support/gateway-processes.ts service   (SMH_BENCH_SECRET, SMH_BENCH_FILES)
 *   node --import tsx bench/support/gateway-processes.ts gateway   (SMH_BENCH_SECRET, SMH_BENCH_SERVICE_URL)
 *
 * `service` is the real file-service on PostgreSQL (its own throw-away database, SMH_BENCH_FILES catalogued files
 * for the bench user) plus two bench routes on the same app: `GET /api/auth/me` (identity only, no database: the
 * cheapest authenticated call) and account-service's `POST /internal/auth/verify-user` (the gateway's standing
 * check, cached 30 s). `gateway` is createGateway with the production log level (one line per request, to
 * stdout) and rate limits out of the way. Each prints `listening <url>` on stderr when ready and stops on SIGTERM.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  createLogger,
  createMemoryEventBus,
  createMetrics,
  createServiceClient,
  createTokenService,
  currentUser,
  loadConfig,
  requireUser,
} from '@smh/shared';
import { createTestContext, serviceHeaders } from '@smh/shared/testing-context';
import { createGateway } from '@smh/api-gateway';
import { createFileService } from '../../services/file-service/src/index.js';

const BENCH_IDENTITY = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'bench',
  role: 'user' as const,
};

const secret = process.env.SMH_BENCH_SECRET;
if (!secret) throw new Error('SMH_BENCH_SECRET is required');

async function startService(): Promise<() => Promise<void>> {
  const test = await createTestContext({ service: 'file-service', database: 'postgres', secret });
  const service = await createFileService(test.context);
  const app = service.app;
  app.get('/api/auth/me', { preHandler: requireUser }, async (request) => ({ user: currentUser(request) }));
  app.post('/internal/auth/verify-user', async () => ({ identity: BENCH_IDENTITY }));
  await app.ready();

  // Catalogue the bench user's files through the service's own batch registration (objects really stored).
  const files = Number(process.env.SMH_BENCH_FILES ?? 200);
  const headers = await serviceHeaders(test.context, 'download-service');
  for (let start = 0; start < files; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(files, start + 200); i += 1) {
      const bytes = Buffer.from(`bench file ${i} ${randomUUID()}`);
      const storageKey = `downloads/${BENCH_IDENTITY.userId}/bench/${i}.jpg`;
      const temp = await test.context.storage.tempFile();
      await fs.writeFile(temp, bytes);
      await test.context.storage.commit(temp, storageKey);
      batch.push({
        ownerId: BENCH_IDENTITY.userId,
        storageKey,
        name: `${i}.jpg`,
        mime: 'image/jpeg',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        source: {
          platform: 'instagram',
          username: 'bench_profile',
          mediaId: `bench_${i}`,
          takenAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
          caption: `Bench post number ${i} with a caption of ordinary length #bench`,
        },
        origin: { kind: 'download', id: 'bench-download' },
      });
    }
    const response = await app.inject({
      method: 'POST',
      url: '/internal/files/batch',
      headers,
      payload: { files: batch },
    });
    if (response.statusCode >= 300) throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
  }

  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`listening http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
  return async () => {
    await app.close();
    await test.close();
  };
}

async function startGateway(): Promise<() => Promise<void>> {
  const serviceUrl = process.env.SMH_BENCH_SERVICE_URL;
  if (!serviceUrl) throw new Error('SMH_BENCH_SERVICE_URL is required');
  const tokens = createTokenService(secret as string);
  // The production default level (info): the gateway's one line per request is part of its cost.
  const logger = createLogger({ service: 'api-gateway', level: process.env.LOG_LEVEL ?? 'info' });
  const locate = () => serviceUrl;
  const events = createMemoryEventBus();
  const gateway = await createGateway({
    config: loadConfig({ SMH_DATA_DIR: '/tmp/smh-bench-gateway' }),
    logger,
    metrics: createMetrics('api-gateway'),
    tokens,
    events,
    call: createServiceClient({ caller: 'api-gateway', tokens, locate }),
    locate,
    rateLimits: { perIp: 1e9, perUser: 1e9, windowMs: 60_000 },
  });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  // The ready line goes to stderr: stdout carries the request log.
  process.stderr.write(`listening http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}\n`);
  return async () => {
    await gateway.close();
    await events.close();
  };
}

const role = process.argv[2];
const stop = role === 'service' ? await startService() : role === 'gateway' ? await startGateway() : undefined;
if (!stop) throw new Error('usage: gateway-processes.ts service|gateway');
process.once('SIGTERM', () => {
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
