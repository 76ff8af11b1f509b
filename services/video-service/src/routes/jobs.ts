/** Public routes of video jobs: create (validated against the catalog), read, list, cancel. Owners see theirs; admins all. */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  badRequest,
  conflict,
  currentUser,
  decodeKeysetCursor,
  encodeCursor,
  idParamsSchema,
  notFound,
  ownerScope,
  requireUser,
  type Clock,
  type Identity,
  type InternalFile,
  type JobQueue,
  type Logger,
  type MediaStorage,
  type ServiceApp,
} from '@smh/shared';
import type { RunningJobs } from '../adapters/cancellations.js';
import type { FfmpegTools } from '../adapters/ffmpeg-tools.js';
import type { FileCatalog } from '../adapters/file-catalog.js';
import type { InputHandoff } from '../adapters/input-handoff.js';
import { inputProblems, needsDuration, type InputFacts } from '../domain/input-checks.js';
import { createJobBodySchema, type VideoJobRequest } from '../domain/job-request.js';
import type { VideoMetrics } from '../metrics.js';
import type { JobRepository } from '../repository/jobs.js';
import { acceptedJobSchema, jobListSchema, jobViewSchema, listJobsQuerySchema, toJobView } from './schemas.js';

export interface JobRouteDeps {
  jobs: JobRepository;
  catalog: FileCatalog;
  /** The inputs looked up here, left for the job (it need not look them up again). */
  handoff: InputHandoff;
  storage: MediaStorage;
  queue: JobQueue;
  tools: FfmpegTools;
  running: RunningJobs;
  clock: Clock;
  logger: Logger;
  metrics: VideoMetrics;
  /** Queued plus running jobs one user may have at once (VIDEO_MAX_OPEN_PER_USER); more answer 429. */
  maxOpenPerUser: number;
}

export function registerJobRoutes(app: ServiceApp, deps: JobRouteDeps): void {
  const { jobs, catalog, handoff, storage, queue, tools, running, clock, logger, metrics } = deps;
  const tags = ['videos'];

  /** What the catalog (and, for a missing duration, ffprobe) knows of each input the caller may use. */
  async function inputFacts(
    request: VideoJobRequest,
    identity: Identity,
    files: readonly InternalFile[],
  ): Promise<(InputFacts | undefined)[]> {
    const scope = ownerScope(identity);
    const byId = new Map(
      files.filter((file) => scope === null || file.ownerId === scope).map((file) => [file.id, file]),
    );
    return Promise.all(
      request.inputs.map(async (id) => {
        const file = byId.get(id);
        if (file === undefined) return undefined;
        const fact: InputFacts = { id, type: file.type, durationSec: file.duration ?? null };
        if (!needsDuration(request, fact)) return fact;
        try {
          const probe = await (await tools.get()).probe(await storage.localPath(file.storageKey));
          return { ...fact, durationSec: probe.durationSec > 0 ? probe.durationSec : null };
        } catch (error) {
          logger.debug({ err: error, fileId: id }, 'could not probe an input at request time; the job will report it');
          return fact;
        }
      }),
    );
  }

  app.post(
    '/api/videos/jobs',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Start a video operation on library files',
        body: createJobBodySchema,
        response: { 202: acceptedJobSchema },
      },
    },
    async (request, reply) => {
      const identity = currentUser(request);
      const body = request.body;
      // Both asked at once: the count from the database, the inputs from file-service (nothing is probed before
      // the count has been checked).
      const [open, files] = await Promise.all([
        jobs.openCount(identity.userId),
        catalog.getMany(body.inputs, String(request.id)),
      ]);
      if (open >= deps.maxOpenPerUser)
        throw new AppError(
          429,
          'TOO_MANY_JOBS',
          `You already have ${open} video jobs queued or running (at most ${deps.maxOpenPerUser}): wait for some to finish.`,
          { open, limit: deps.maxOpenPerUser },
        );
      const problems = inputProblems(body, await inputFacts(body, identity, files));
      if (problems.length > 0) {
        const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        throw badRequest(`Invalid request: ${summary}`, problems, problems[0]?.code);
      }
      const job = await jobs.insert({
        id: randomUUID(),
        ownerId: identity.userId,
        operation: body.operation,
        inputs: body.inputs,
        options: body.options,
        createdAt: clock.now(),
      });
      handoff.leave(job.id, files);
      try {
        await queue.enqueue(
          'video.process',
          { jobId: job.id, requestId: String(request.id) },
          { key: `video:${job.id}`, group: job.ownerId },
        );
      } catch (error) {
        await jobs.fail(job.id, { code: 'QUEUE_UNAVAILABLE', message: 'The job could not be queued.' }, clock.now());
        throw error;
      }
      return reply.code(202).send({ id: job.id, status: job.status });
    },
  );

  app.get(
    '/api/videos/jobs',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'List video jobs, newest first',
        querystring: listJobsQuerySchema,
        response: { 200: jobListSchema },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const position = decodeKeysetCursor(cursor);
      const [createdAt, id] = position ? [position.at, position.id] : [];
      const page = await jobs.list({
        ownerId: ownerScope(currentUser(request)),
        ...(status === undefined ? {} : { status }),
        limit: limit + 1,
        ...(typeof createdAt === 'string' && typeof id === 'string'
          ? { after: { createdAt: new Date(createdAt), id } }
          : {}),
      });
      const items = page.slice(0, limit);
      const last = items.at(-1);
      const nextCursor = page.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
      return { items: items.map(toJobView), nextCursor };
    },
  );

  app.get(
    '/api/videos/jobs/:id',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'One video job', params: idParamsSchema, response: { 200: jobViewSchema } },
    },
    async (request) => {
      const job = await jobs.get(request.params.id, ownerScope(currentUser(request)));
      if (!job) throw notFound('Video job');
      return toJobView(job);
    },
  );

  app.post(
    '/api/videos/jobs/:id/cancel',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Cancel a queued or running video job',
        params: idParamsSchema,
        response: { 202: jobViewSchema },
      },
    },
    async (request, reply) => {
      const scope = ownerScope(currentUser(request));
      const job = await jobs.requestCancel(request.params.id, scope, clock.now());
      if (!job) {
        const existing = await jobs.get(request.params.id, scope);
        if (!existing) throw notFound('Video job');
        throw conflict(`The video job is already ${existing.status}; only queued or running jobs can be canceled.`, {
          status: existing.status,
        });
      }
      if (job.status === 'canceled') metrics.jobs.inc({ operation: job.operation, status: 'canceled' });
      else await running.requestCancel(job.id, job.ownerId);
      return reply.code(202).send(toJobView(job));
    },
  );
}
