import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/index.js';
import { createServiceApp, createServiceClient, type ServiceApp } from '../src/http/index.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createEmbeddedQueue, type JobQueue } from '../src/queue/index.js';
import { createTestDatabase } from '../src/testing.js';
import { startTracing } from '../src/tracing.js';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  scope: string;
}

const received: ExportedSpan[] = [];
let collector: http.Server;
let tracing: { shutdown(): Promise<void> };
const tokens = createTokenService('z'.repeat(40));
const apps: ServiceApp[] = [];
let queue: JobQueue;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  collector = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const document = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { scope: { name: string }; spans: ExportedSpan[] }[] }[];
      };
      for (const resource of document.resourceSpans)
        for (const scopeSpans of resource.scopeSpans)
          for (const span of scopeSpans.spans) received.push({ ...span, scope: scopeSpans.scope.name });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  tracing = startTracing({
    serviceName: 'test-hub',
    endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await queue?.close();
  await dropDb?.();
  await tracing.shutdown();
  collector.close();
});

async function makeApp(service: string): Promise<ServiceApp> {
  const app = await createServiceApp({
    service,
    logger: createLogger({ service, level: 'silent' }),
    metrics: createMetrics(service),
    tokens,
  });
  apps.push(app);
  return app;
}

describe('tracing', () => {
  it('follows one request from a service through a queued job into a downstream call, as one trace', async () => {
    const { db, drop } = await createTestDatabase('pglite');
    dropDb = drop;
    queue = await createEmbeddedQueue({ db, pollMs: 20 });

    const downstream = await makeApp('file-service');
    downstream.get('/internal/ping', async () => ({ ok: true }));
    const downstreamUrl = await downstream.listen({ port: 0, host: '127.0.0.1' });
    const call = createServiceClient({ caller: 'video-service', tokens, locate: () => downstreamUrl });

    let jobDone: () => void;
    const jobFinished = new Promise<void>((resolve) => (jobDone = resolve));
    await queue.work({
      'media.analyze': async () => {
        await call('file-service', { path: '/internal/ping' });
        jobDone();
      },
    });
    const upstream = await makeApp('download-service');
    upstream.post('/api/things', async () => {
      await queue.enqueue('media.analyze', { fileId: '7f1c6a44-6a8e-4f5e-9a44-8a1f1b3b0c11' });
      return { queued: true };
    });
    await upstream.ready();
    const response = await upstream.inject({
      method: 'POST',
      url: '/api/things',
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(response.statusCode).toBe(200);
    await jobFinished;

    await expect
      .poll(() => received.some((span) => span.name === 'GET /internal/ping'), { timeout: 10_000, interval: 100 })
      .toBe(true);
    const traceIds = new Set(received.map((span) => span.traceId));
    expect(traceIds).toEqual(new Set(['0af7651916cd43dd8448eb211c80319c']));
    const names = received.map((span) => `${span.scope}: ${span.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'download-service: POST /api/things',
        'video-service: job media.analyze',
        'file-service: GET /internal/ping',
      ]),
    );
    const job = received.find((span) => span.name === 'job media.analyze')!;
    const serverSpan = received.find((span) => span.name === 'POST /api/things')!;
    expect(job.parentSpanId).toBe(serverSpan.spanId);
    expect(received.find((span) => span.name === 'GET /internal/ping')!.parentSpanId).toBe(job.spanId);
  });
});
