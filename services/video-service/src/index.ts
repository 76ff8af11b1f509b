/**
 * video-service: FFmpeg operations as durable jobs (schema `videos`) and the analysis of downloaded media.
 *   POST /api/videos/jobs → row `queued` → `video.process` → output committed + registered with file-service.
 *   `media.analyze` (after a download/upload) → probe + poster → PATCH /internal/files/:id.
 */
import { createServiceApp, loadMigrations, migrate, parseEnv, type ServiceFactory } from '@smh/shared';
import { z } from 'zod';
import { createRunningJobs } from './adapters/cancellations.js';
import { createFfmpegTools, type FfmpegTools } from './adapters/ffmpeg-tools.js';
import { createFileCatalog } from './adapters/file-catalog.js';
import { createInputHandoff } from './adapters/input-handoff.js';
import { createMediaAnalyzeHandler } from './jobs/media-analyze.js';
import { createVideoProcessHandler } from './jobs/video-process.js';
import { createVideoMetrics } from './metrics.js';
import { createJobRepository } from './repository/jobs.js';
import { createProbeRepository } from './repository/probes.js';
import { registerJobRoutes } from './routes/jobs.js';

export interface VideoServiceOptions {
  /** Replaces the ffmpeg discovery (tests of a host without ffmpeg). */
  tools?: FfmpegTools;
  /** Jobs of each queue this process runs at once. */
  concurrency?: { videos?: number; media?: number };
  /** Throttle of progress writes/events. */
  progress?: { minIntervalMs?: number; minStep?: number };
}

const limitsSchema = z.object({
  VIDEO_MAX_OPEN_PER_USER: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(10),
});

/** The factory with its adapters open to replacement; `createVideoService` is this with the real ones. */
export function videoServiceFactory(options: VideoServiceOptions = {}): ServiceFactory {
  return async ({ db, queue, events, storage, clock, logger, metrics, tokens, call }) => {
    await migrate(db, 'video-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    const jobs = createJobRepository(db);
    const probes = createProbeRepository(db);
    const catalog = createFileCatalog(call);
    const handoff = createInputHandoff({ clock });
    const tools = options.tools ?? createFfmpegTools();
    // Looked for while the rest starts (`ffmpeg -version` of the npm build takes ~0.3 s), not by the first /ready.
    void tools.info();
    const running = createRunningJobs(events);
    const videoMetrics = createVideoMetrics(metrics);
    metrics.observeQueue(queue, ['videos', 'media']);

    const app = await createServiceApp({
      service: 'video-service',
      logger,
      metrics,
      tokens,
      readiness: [
        { name: 'database', check: () => db.ping() },
        { name: 'queue', check: () => queue.ping() },
        { name: 'ffmpeg', check: () => tools.get() },
      ],
      readinessInfo: () => tools.info(),
      openapi: {
        title: 'video-service',
        description: 'FFmpeg operations on library files (merge, transcode, thumbnails, audio, trim, probe) as jobs.',
      },
    });
    const limits = parseEnv(limitsSchema);
    registerJobRoutes(app, {
      jobs,
      catalog,
      handoff,
      storage,
      queue,
      tools,
      running,
      clock,
      logger,
      metrics: videoMetrics,
      maxOpenPerUser: limits.VIDEO_MAX_OPEN_PER_USER,
    });

    return {
      name: 'video-service',
      app,
      jobHandlers: {
        'video.process': createVideoProcessHandler({
          jobs,
          probes,
          catalog,
          handoff,
          storage,
          queue,
          events,
          tools,
          running,
          clock,
          logger,
          metrics: videoMetrics,
          ...(options.progress ? { progress: options.progress } : {}),
        }),
        'media.analyze': createMediaAnalyzeHandler({
          catalog,
          probes,
          clock,
          storage,
          tools,
          logger,
          metrics: videoMetrics,
        }),
      },
      // ffmpeg uses every core it gets: one encode at a time per process, a few cheap probes beside it.
      concurrency: { videos: options.concurrency?.videos ?? 1, media: options.concurrency?.media ?? 2 },
      async start() {
        // The database is the source of truth: whatever it says is unfinished goes back on the queue (the key de-duplicates).
        for (const { id, ownerId } of await jobs.unfinished()) {
          const queueJobId = await queue.enqueue(
            'video.process',
            { jobId: id },
            { key: `video:${id}`, group: ownerId },
          );
          logger.info({ jobId: id, queueJobId }, 'unfinished video job queued again at start');
        }
      },
      async stop() {
        running.close();
      },
    };
  };
}

export const createVideoService: ServiceFactory = videoServiceFactory();
