/**
 * A stand-in for download-service: a real HTTP server on 127.0.0.1:0 implementing the two internal routes the
 * scheduler calls (service token checked), recording every call, and publishing download outcome events on the
 * test's event bus when told to (or at once, in auto modes).
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { TokenService } from '@smh/shared/auth/tokens';
import {
  internalCreateDownloadSchema,
  internalDownloadSchema,
  internalProfileLookupQuerySchema,
  internalSiteProbeQuerySchema,
  type InternalProfileLookup,
  type InternalSiteProbe,
} from '@smh/shared/contracts/downloads';
import type { EventBus } from '@smh/shared/events/events';
import { createServiceApp, requireService } from '@smh/shared/http/app';
import { AppError, notFound } from '@smh/shared/http/errors';
import { createLogger } from '@smh/shared/logger';
import { createMetrics } from '@smh/shared/metrics';

type Download = z.infer<typeof internalDownloadSchema>;
type DownloadRequest = z.infer<typeof internalCreateDownloadSchema>;

/**
 * accept: answer "queued" and wait for complete()/fail().
 * complete-after-answer / complete-before-answer: publish download.completed right after / before answering.
 * unavailable: answer 503 (download-service overloaded or restarting). reject: answer 400.
 */
export type FakeMode = 'accept' | 'complete-after-answer' | 'complete-before-answer' | 'unavailable' | 'reject';

export interface FakeDownloadService {
  url: string;
  /** Every accepted POST /internal/downloads body, in order (refused ones are in `refused`). */
  calls: DownloadRequest[];
  refused: DownloadRequest[];
  downloads: Map<string, Download & { ownerId: string }>;
  mode: FakeMode;
  /** Files each auto-completed download reports. */
  autoFiles: number;
  /** What GET /internal/profiles/:username answers per username (default: found); 'down' answers 503. */
  profiles: Map<string, InternalProfileLookup['status'] | 'down'>;
  /** What GET /internal/sites/probe answers per page URL (default: found); 'down' answers 503. */
  sites: Map<string, InternalSiteProbe | 'down'>;
  /** Every site probe's URL, in order. */
  probes: string[];
  /** Every profile lookup, in order. */
  lookups: { username: string; ownerId: string; sessionId?: string }[];
  complete(downloadId: string, fileIds: string[], options?: { publish?: boolean }): Promise<void>;
  fail(downloadId: string, error: { code: string; message: string }, options?: { publish?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeDownloadService(deps: {
  tokens: TokenService;
  events: EventBus;
}): Promise<FakeDownloadService> {
  const app = await createServiceApp({
    service: 'fake-download-service',
    logger: createLogger({ service: 'fake-download-service', level: 'silent' }),
    metrics: createMetrics('fake-download-service'),
    tokens: deps.tokens,
  });
  const byKey = new Map<string, string>();

  const fake: FakeDownloadService = {
    url: '',
    calls: [],
    refused: [],
    downloads: new Map(),
    mode: 'accept',
    autoFiles: 1,
    profiles: new Map(),
    lookups: [],
    sites: new Map(),
    probes: [],
    async complete(downloadId, fileIds, options = {}) {
      const download = fake.downloads.get(downloadId);
      if (!download) throw new Error(`fake: no download ${downloadId}`);
      Object.assign(download, { status: 'completed', fileIds });
      const progress = { filesDone: fileIds.length, filesTotal: fileIds.length, bytesDone: 0, bytesTotal: 0 };
      if (options.publish !== false)
        await deps.events.publish('download.completed', {
          id: downloadId,
          ownerId: download.ownerId,
          fileIds,
          progress,
        });
    },
    async fail(downloadId, error, options = {}) {
      const download = fake.downloads.get(downloadId);
      if (!download) throw new Error(`fake: no download ${downloadId}`);
      Object.assign(download, { status: 'failed', error: { ...error, retryable: false } });
      if (options.publish !== false)
        await deps.events.publish('download.failed', {
          id: downloadId,
          ownerId: download.ownerId,
          error: { ...error, retryable: false },
        });
    },
    close: () => app.close(),
  };

  const files = () => Array.from({ length: fake.autoFiles }, () => randomUUID());

  app.post(
    '/internal/downloads',
    {
      preHandler: requireService,
      schema: { body: internalCreateDownloadSchema, response: { 200: internalDownloadSchema } },
    },
    async (request) => {
      const body = request.body;
      if (fake.mode === 'unavailable' || fake.mode === 'reject') {
        fake.refused.push(body);
        if (fake.mode === 'unavailable') throw new AppError(503, 'UNAVAILABLE', 'fake download-service is restarting');
        throw new AppError(400, 'UNSUPPORTED_URL', 'fake download-service cannot handle this URL');
      }
      const existing = body.idempotencyKey ? byKey.get(body.idempotencyKey) : undefined;
      if (existing) return fake.downloads.get(existing)!;
      fake.calls.push(body);
      const download = {
        id: randomUUID(),
        ownerId: body.ownerId,
        status: 'queued' as const,
        fileIds: [] as string[],
        error: null,
      };
      fake.downloads.set(download.id, download);
      if (body.idempotencyKey) byKey.set(body.idempotencyKey, download.id);
      if (fake.mode === 'complete-before-answer') {
        await fake.complete(download.id, files());
        return { ...download, status: 'queued' as const, fileIds: [] }; // the answer still says queued: the event overtook it
      }
      if (fake.mode === 'complete-after-answer') setImmediate(() => void fake.complete(download.id, files()));
      return { ...download };
    },
  );

  app.get(
    '/internal/sites/probe',
    { preHandler: requireService, schema: { querystring: internalSiteProbeQuerySchema } },
    async (request) => {
      fake.probes.push(request.query.url);
      const answer = fake.sites.get(request.query.url);
      if (answer === 'down') throw new AppError(503, 'UNAVAILABLE', 'fake download-service is restarting');
      return answer ?? { status: 'found', site: new URL(request.query.url).hostname, collection: true };
    },
  );

  app.get(
    '/internal/downloads/:id',
    { preHandler: requireService, schema: { params: z.object({ id: z.string() }) } },
    async (request) => {
      const download = fake.downloads.get(request.params.id);
      if (!download) throw notFound('Download');
      return download;
    },
  );

  app.get(
    '/internal/profiles/:username',
    {
      preHandler: requireService,
      schema: { params: z.object({ username: z.string() }), querystring: internalProfileLookupQuerySchema },
    },
    async (request) => {
      const { username } = request.params;
      fake.lookups.push({ username, ...request.query });
      const status = fake.profiles.get(username) ?? 'found';
      if (status === 'down') throw new AppError(503, 'UNAVAILABLE', 'fake download-service is restarting');
      return { status, username, ...(status === 'unknown' ? { message: 'Instagram rate limit' } : {}) };
    },
  );

  await app.listen({ host: '127.0.0.1', port: 0 });
  fake.url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return fake;
}
