/**
 * video-service and file-service composed in one test process, on real adapters (PGlite, durable embedded queue,
 * temp storage), each on 127.0.0.1:0 and calling the other over HTTP with service tokens, as in distributed mode.
 * Media is made with ffmpeg's lavfi sources and registered through file-service's internal route.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, vi } from 'vitest';
import {
  createMetrics,
  createServiceClient,
  type BackendServiceName,
  type EventBus,
  type HubEvent,
  type HubService,
  type InternalFile,
  type Metrics,
  type ServiceContext,
} from '@smh/shared';
import { createTestContext, identityHeaders, serviceHeaders } from '@smh/shared/testing-context';
import { createFileService } from '@smh/file-service';
import { videoServiceFactory, type VideoServiceOptions } from '@smh/video-service';
import { makeTempDir } from '../../services/video-service/test/ffmpeg/fixtures.js';

const run = promisify(execFile);

export const ALICE = { userId: 'user-alice', username: 'alice', role: 'user' as const };
export const BOB = { userId: 'user-bob', username: 'bob', role: 'user' as const };
export const ADMIN = { userId: 'user-admin', username: 'root', role: 'admin' as const };
export type TestUser = typeof ALICE | typeof BOB | typeof ADMIN;

export interface VideoHarness {
  context: ServiceContext;
  video: HubService;
  files: HubService;
  /** file-service's metrics (its requests by route). */
  fileMetrics: Metrics;
  /** Every event published since the harness started, in order. */
  events: HubEvent[];
  workDir: string;
  as(user: TestUser): Promise<Record<string, string>>;
  /** Puts a local file into the library and registers it with file-service for `owner`. */
  register(
    owner: TestUser,
    localPath: string,
    facts: { mime: string; duration?: number | null; width?: number; height?: number },
  ): Promise<InternalFile>;
  getFile(id: string): Promise<InternalFile | undefined>;
  /** Polls GET /api/videos/jobs/:id until the job has finished (or the time is up). */
  waitForJob(id: string, user: TestUser, timeoutMs?: number): Promise<JobBody>;
  /** Starts processing jobs (once). */
  work(): Promise<void>;
  close(): Promise<void>;
}

export interface JobBody {
  id: string;
  operation: string;
  status: string;
  progress: number;
  outputFileIds: string[];
  inputs: string[];
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  createdAt: string;
  finishedAt: string | null;
}

function recordEvents(events: EventBus, into: HubEvent[]): () => void {
  return events.subscribe((event) => into.push(event));
}

export async function startVideoHarness(options: VideoServiceOptions & { work?: boolean } = {}): Promise<VideoHarness> {
  const urls = new Map<BackendServiceName, string>();
  const locate = (service: BackendServiceName) => {
    const url = urls.get(service);
    if (!url) throw new Error(`test harness: ${service} is not running`);
    return url;
  };
  const test = await createTestContext({ service: 'video-service', locate });
  const { context } = test;
  const fileContext: ServiceContext = {
    ...context,
    logger: context.logger.child({ service: 'file-service' }),
    metrics: createMetrics('file-service'),
    call: createServiceClient({ caller: 'file-service', tokens: context.tokens, locate }),
  };
  const files = await createFileService(fileContext);
  const video = await videoServiceFactory({ progress: { minIntervalMs: 0, minStep: 0.02 }, ...options })(context);
  urls.set('file-service', await files.app.listen({ port: 0, host: '127.0.0.1' }));
  urls.set('video-service', await video.app.listen({ port: 0, host: '127.0.0.1' }));
  const events: HubEvent[] = [];
  const unsubscribe = recordEvents(context.events, events);
  const work = await makeTempDir('smh-video-it-');
  let working = false;

  const harness: VideoHarness = {
    context,
    video,
    files,
    fileMetrics: fileContext.metrics,
    events,
    workDir: work.dir,
    as: (user) => identityHeaders(context, user),
    async register(owner, localPath, facts) {
      const temp = await context.storage.tempFile(path.extname(localPath));
      await copyFile(localPath, temp);
      const key = await context.storage.availableKey(`uploads/${owner.userId}/${path.basename(localPath)}`);
      const stored = await context.storage.commit(temp, key);
      const sha256 = createHash('sha256')
        .update(await readFile(localPath))
        .digest('hex');
      const response = await files.app.inject({
        method: 'POST',
        url: '/internal/files',
        headers: await serviceHeaders(context, 'download-service'),
        payload: {
          ownerId: owner.userId,
          storageKey: key,
          name: path.basename(localPath),
          mime: facts.mime,
          size: stored.size,
          sha256,
          ...(facts.duration === undefined ? {} : { duration: facts.duration }),
          ...(facts.width === undefined ? {} : { width: facts.width, height: facts.height }),
          origin: { kind: 'upload', id: null },
        },
      });
      if (response.statusCode !== 201)
        throw new Error(`register ${localPath}: ${response.statusCode} ${response.body}`);
      return (response.json() as { file: InternalFile }).file;
    },
    async getFile(id) {
      const response = await files.app.inject({
        method: 'GET',
        url: `/internal/files/${id}`,
        headers: await serviceHeaders(context),
      });
      return response.statusCode === 200 ? (response.json() as { file: InternalFile }).file : undefined;
    },
    waitForJob(id, user, timeoutMs = 60_000) {
      return vi.waitFor(
        async () => {
          const response = await video.app.inject({
            method: 'GET',
            url: `/api/videos/jobs/${id}`,
            headers: await harness.as(user),
          });
          const body = response.json() as JobBody;
          expect(['completed', 'failed', 'canceled'], `job ${id} is still ${body.status}`).toContain(body.status);
          return body;
        },
        { timeout: timeoutMs, interval: 50 },
      );
    },
    async work() {
      if (working) return;
      working = true;
      await context.queue.work({ ...files.jobHandlers, ...video.jobHandlers }, { concurrency: video.concurrency });
      await video.start?.();
    },
    async close() {
      unsubscribe();
      await video.stop?.();
      await video.app.close();
      await files.app.close();
      await test.close();
      await work.cleanup();
    },
  };
  if (options.work !== false) await harness.work();
  return harness;
}

/** ffprobe facts of a file: stream types, duration, size of the first video stream. */
export async function ffprobe(
  file: string,
): Promise<{ streams: string[]; durationSec: number; width?: number; height?: number; format: string }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  const data = JSON.parse(stdout) as {
    streams: { codec_type: string; width?: number; height?: number }[];
    format: { duration?: string; format_name: string };
  };
  const video = data.streams.find((stream) => stream.codec_type === 'video');
  return {
    streams: data.streams.map((stream) => stream.codec_type),
    durationSec: Number(data.format.duration ?? 0),
    ...(video?.width === undefined ? {} : { width: video.width, height: video.height }),
    format: data.format.format_name,
  };
}

/** Child processes of this test process whose command is ffmpeg (the job runner spawns them directly). */
export function ffmpegChildren(): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString();
    return out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'ffmpeg')
      .map(([pid]) => Number(pid));
  } catch {
    return []; // ps exits 1 when there are no children
  }
}

/** Every storage key under a prefix of the library (for "nothing left behind" checks). */
export async function listKeys(root: string, prefix: string): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}
