/**
 * End-to-end harness: the fake Instagram, a REAL file-service and download-service on one test database,
 * queue and media library, and a stand-in account-service. `restart()` replaces the download-service process
 * (new queue and service instance on the same database and storage), as after a crash or deploy.
 */
import { vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createFileService } from '@smh/file-service';
import {
  createEmbeddedQueue,
  createMetrics,
  createServiceClient,
  type BackendServiceName,
  type HubService,
  type JobQueue,
  type ServiceContext,
} from '@smh/shared';
import { createTestContext, identityHeaders } from '@smh/shared/testing-context';
import {
  startFakeInstagram,
  type FakeInstagram,
  type FakeInstagramOptions,
} from '../../../../tests/fakes/instagram/server.js';
import { buildDownloadService, type DownloadServiceOptions } from '../../src/index.js';
import type { DownloadSettings } from '../../src/settings.js';
import { startFakeAccounts, type FakeAccounts } from './fake-accounts.js';

export const ALICE = { userId: 'user-alice', username: 'alice', role: 'user' as const };
export const BOB = { userId: 'user-bob', username: 'bob', role: 'user' as const };
export const ADMIN = { userId: 'user-admin', username: 'admin', role: 'admin' as const };
export type TestUser = typeof ALICE | typeof BOB | typeof ADMIN;

export const FAST_SETTINGS: Partial<DownloadSettings> = {
  idleTimeoutMs: 3_000,
  retryBaseMs: 10,
  rateLimitBackoffMs: 20,
  progressIntervalMs: 50,
  transferAttempts: 4,
};

export interface DownloadView {
  id: string;
  url: string;
  kind: string;
  status: string;
  progress: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number; scanned?: number };
  fileIds: string[];
  error?: { code: string; message: string; retryable: boolean };
  warnings: Array<{ code: string; message: string }>;
  waitingUntil: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface HarnessOptions {
  env?: NodeJS.ProcessEnv;
  settings?: Partial<DownloadSettings>;
  fake?: FakeInstagramOptions;
  service?: Omit<DownloadServiceOptions, 'settings'>;
  /** Poll interval of download-service's job queue; default: the tests' fast 50 ms (benchmarks use production's 500). */
  queuePollMs?: number;
}

export interface Harness {
  fake: FakeInstagram;
  accounts: FakeAccounts;
  context: ServiceContext;
  service: HubService;
  fileService: HubService;
  request(
    user: TestUser | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: any }>;
  download(user: TestUser, body: Record<string, unknown>): Promise<DownloadView>;
  waitFor(
    user: TestUser,
    id: string,
    done?: (view: DownloadView) => boolean,
    timeoutMs?: number,
  ): Promise<DownloadView>;
  addSession(owner: TestUser, sessionid: string, instagramUser: string): string;
  /** Files committed to the library (temp files excluded). */
  libraryFiles(): Promise<string[]>;
  tempFiles(): Promise<string[]>;
  fileRecord(fileId: string): Promise<any>;
  restart(): Promise<void>;
  /** Stops the download-service process without starting a new one. */
  crash(): Promise<void>;
  close(): Promise<void>;
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else files.push(child);
  }
  return files.sort();
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeInstagram(options.fake);
  const accounts = await startFakeAccounts();
  const urls = new Map<BackendServiceName, string>([['account-service', accounts.url]]);
  const locate = (name: BackendServiceName): string => {
    const url = urls.get(name);
    if (!url) throw new Error(`harness: ${name} is not running`);
    return url;
  };
  const test = await createTestContext({
    service: 'download-service',
    locate,
    env: {
      INSTAGRAM_WEB_URL: fake.webUrl,
      INSTAGRAM_API_URL: fake.apiUrl,
      INSTAGRAM_MIN_INTERVAL_MS: '0',
      ...options.env,
    },
  });
  const base = test.context;
  const fileService = await createFileService({
    ...base,
    metrics: createMetrics('file-service'),
    logger: base.logger.child({ service: 'file-service' }),
    call: createServiceClient({ caller: 'file-service', tokens: base.tokens, locate }),
  });
  urls.set('file-service', await fileService.app.listen({ port: 0, host: '127.0.0.1' }));

  const ownQueue = () =>
    createEmbeddedQueue({
      db: base.db,
      pollMs: options.queuePollMs ?? 50,
      backoffScale: 0.01,
      recoverAllOnStart: true,
    });
  let queue: JobQueue = options.queuePollMs === undefined ? base.queue : await ownQueue();
  let context: ServiceContext = { ...base, queue };
  let service: HubService;
  let running = false;
  const settings = { ...FAST_SETTINGS, ...options.settings };

  async function boot(): Promise<void> {
    service = await buildDownloadService(context, { settings, ...options.service });
    await service.app.ready();
    await queue.work(service.jobHandlers, { concurrency: service.concurrency });
    await service.start?.();
    running = true;
  }
  async function crash(): Promise<void> {
    if (!running) return;
    running = false;
    await queue.close();
    await service.stop?.();
    await service.app.close();
  }
  await boot();

  const harness: Harness = {
    fake,
    accounts,
    fileService,
    get context() {
      return context;
    },
    get service() {
      return service;
    },
    async request(user, method, url, body) {
      const headers = user ? await identityHeaders(context, user) : {};
      const response = await service.app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, json: response.body ? JSON.parse(response.body) : undefined };
    },
    async download(user, body) {
      const response = await harness.request(user, 'POST', '/api/downloads', body);
      if (response.status !== 202)
        throw new Error(`POST /api/downloads answered ${response.status}: ${JSON.stringify(response.json)}`);
      return response.json as DownloadView;
    },
    async waitFor(
      user,
      id,
      done = (view) => ['completed', 'failed', 'canceled'].includes(view.status),
      timeoutMs = 60_000,
    ) {
      let last: unknown;
      try {
        return await vi.waitFor(
          async () => {
            last = (await harness.request(user, 'GET', `/api/downloads/${id}`)).json;
            if (!done(last as DownloadView)) throw new Error('not there yet');
            return last as DownloadView;
          },
          { timeout: timeoutMs, interval: 25 },
        );
      } catch (error) {
        throw new Error(`download ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(last)}`, {
          cause: error,
        });
      }
    },
    addSession(owner, sessionid, instagramUser) {
      const id = randomUUID();
      fake.addSession(sessionid, instagramUser);
      accounts.sessions.set(id, {
        id,
        ownerId: owner.userId,
        username: instagramUser,
        status: 'active',
        cookies: { sessionid, csrftoken: 'csrf-test', ds_user_id: '1' },
      });
      return id;
    },
    libraryFiles: async () => (await listFiles(context.storage.root)).filter((file) => !file.startsWith('.tmp/')),
    tempFiles: async () => listFiles(path.join(context.storage.root, '.tmp')),
    async fileRecord(fileId) {
      const call = createServiceClient({ caller: 'download-service', tokens: context.tokens, locate });
      return ((await call('file-service', { path: `/internal/files/${fileId}` })) as { file: unknown }).file;
    },
    async restart() {
      await crash();
      queue = await ownQueue();
      context = { ...base, queue, metrics: createMetrics('download-service') };
      await boot();
    },
    crash,
    async close() {
      await crash();
      await fileService.app.close();
      await test.close();
      await accounts.close();
      await fake.close();
    },
  };
  return harness;
}
