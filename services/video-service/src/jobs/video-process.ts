/**
 * `video.process {jobId}`: runs one video job from its database row to its registered output.
 *   claim (queued|running → running) → fetch inputs from file-service → their probes (cached per content hash) →
 *   ffmpeg into temporary files → verify (an MP4 from its header, else
 *   ffprobe) → commit + register (or, for `probe`, record the facts on the input) → completed.
 * Cancel (event or database flag) kills ffmpeg through the AbortSignal; a failed or canceled job leaves no output.
 * Queue shutdown aborts too, but then the job stays `running` and is retried (and re-enqueued by start()).
 */
import { rm, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  PermanentJobError,
  type Clock,
  type EventBus,
  type InternalFile,
  type JobHandler,
  type JobQueue,
  type Logger,
  type MediaStorage,
} from '@smh/shared';
import type { FfmpegTools } from '../adapters/ffmpeg-tools.js';
import type { FileCatalog } from '../adapters/file-catalog.js';
import type { InputHandoff } from '../adapters/input-handoff.js';
import type { RunningJobs } from '../adapters/cancellations.js';
import { describeFailure, InputUnusableError } from '../domain/job-failure.js';
import { parseStoredRequest } from '../domain/job-request.js';
import { videoOutcomeLine } from '../domain/outcome-line.js';
import type { VideoMetrics } from '../metrics.js';
import type { Ffmpeg } from '../ffmpeg/index.js';
import type { JobRepository, VideoJob } from '../repository/jobs.js';
import type { ProbeRepository } from '../repository/probes.js';
import { probeInputs } from './input-probes.js';
import { probeSummary, runOperation } from './operations.js';
import { createProgressReporter } from './progress-reporter.js';
import { publishOutput } from './publish-output.js';

export interface VideoProcessDeps {
  jobs: JobRepository;
  probes: ProbeRepository;
  catalog: FileCatalog;
  /** What the job's POST learnt of its inputs, when this process answered it moments ago. */
  handoff: InputHandoff;
  storage: MediaStorage;
  /** To give a video output its poster (media.analyze), as downloads and uploads get theirs. */
  queue: Pick<JobQueue, 'enqueue'>;
  events: EventBus;
  tools: FfmpegTools;
  running: RunningJobs;
  clock: Clock;
  logger: Logger;
  metrics: VideoMetrics;
  progress?: { minIntervalMs?: number; minStep?: number };
}

class JobCanceled extends Error {
  override name = 'JobCanceled';
}

/** The job's inputs, in order, with their paths; or the index of the first one `known` does not hold. */
async function locate(
  storage: MediaStorage,
  inputs: readonly string[],
  known: readonly InternalFile[],
): Promise<{ files: InternalFile[]; paths: string[] } | { missing: number }> {
  const byId = new Map(known.map((file) => [file.id, file]));
  const files: InternalFile[] = [];
  for (const [index, id] of inputs.entries()) {
    const file = byId.get(id);
    if (file === undefined) return { missing: index };
    files.push(file);
  }
  const paths = await Promise.all(files.map((file) => storage.localPath(file.storageKey)));
  return { files, paths };
}

async function allRegularFiles(paths: readonly string[]): Promise<boolean> {
  const found = await Promise.all(paths.map((path) => stat(path).catch(() => undefined)));
  return found.every((info) => info?.isFile() === true);
}

async function loadInputs(
  deps: Pick<VideoProcessDeps, 'catalog' | 'handoff' | 'storage'>,
  job: VideoJob,
  requestId?: string,
): Promise<{ files: InternalFile[]; paths: string[] }> {
  const { catalog, handoff, storage } = deps;
  const handed = handoff.take(job.id);
  // Handed-off files still on disk are used as they are (each path resolved and checked once); if one is gone, or
  // anything else is off, file-service says what became of it.
  if (handed !== undefined) {
    const located = await locate(storage, job.inputs, handed).catch(() => undefined);
    if (located !== undefined && 'files' in located && (await allRegularFiles(located.paths))) return located;
  }
  const located = await locate(storage, job.inputs, await catalog.getMany(job.inputs, requestId));
  if ('missing' in located)
    throw new InputUnusableError(
      `Input ${located.missing + 1} (file ${job.inputs[located.missing]}) no longer exists.`,
    );
  return located;
}

export function createVideoProcessHandler(deps: VideoProcessDeps): JobHandler<'video.process'> {
  const { jobs, probes, catalog, storage, events, tools, running, clock, logger, metrics } = deps;

  /** `probe` asks ffprobe again (the point of the operation) and refreshes the cache. */
  async function freshProbe(ff: Ffmpeg, input: { file: InternalFile; path: string }, signal: AbortSignal) {
    const probe = await ff.probe(input.path, { signal });
    await probes.put(input.file.id, input.file.sha256, probe, clock.now());
    return probe;
  }

  async function finishCanceled(job: VideoJob): Promise<void> {
    const canceled = await jobs.markCanceled(job.id, clock.now());
    if (!canceled) return;
    metrics.jobs.inc({ operation: job.operation, status: 'canceled' });
    logger.info({ jobId: job.id }, videoOutcomeLine(job, { status: 'canceled' }));
  }

  return async ({ jobId, requestId }, context) => {
    const job = await jobs.claim(jobId, clock.now());
    if (!job) return; // canceled while queued, or already finished
    if (job.cancelRequestedAt !== null) return finishCanceled(job);
    if (job.outputFileIds.length > 0) {
      // Outputs recorded on a running job (an earlier version recorded them before completing): finish, do not redo.
      if (await jobs.complete(job.id, { ...job.result, recovered: true }, clock.now())) {
        metrics.jobs.inc({ operation: job.operation, status: 'completed' });
        await events.publish('video.progress', { id: job.id, ownerId: job.ownerId, progress: 1 });
        await events.publish('video.completed', { id: job.id, ownerId: job.ownerId, outputFileIds: job.outputFileIds });
      }
      return;
    }

    const tracked = running.track(job.id);
    const signal = AbortSignal.any([context.signal, tracked.signal]);
    const temps: string[] = [];
    const log = logger.child({ jobId: job.id, operation: job.operation, requestId });
    const progress = createProgressReporter({
      jobs,
      events,
      clock,
      logger: log,
      job,
      onCancelRequested: tracked.abort,
      ...deps.progress,
    });
    let ffmpegStarted: number | undefined;
    const observeFfmpeg = () => {
      if (ffmpegStarted !== undefined)
        metrics.ffmpegDuration.observe({ operation: job.operation }, (performance.now() - ffmpegStarted) / 1000);
      ffmpegStarted = undefined;
    };
    try {
      const request = parseStoredRequest(job.operation, job.inputs, job.options);
      const ff = await tools.get();
      // Asked while file-service answers (the hashes that make them valid come with its answer); a failure here
      // only means the probes are asked for again.
      const storedProbes =
        request.operation === 'probe' ? undefined : probes.storedFor(job.inputs).catch(() => undefined);
      const inputs = await loadInputs(deps, job, requestId);
      const allocate = async (extension: string) => {
        const temp = await storage.tempFile(`.${extension}`);
        temps.push(temp);
        return temp;
      };
      ffmpegStarted = performance.now();
      const located = inputs.files.map((file, index) => ({ file, path: inputs.paths[index] as string }));
      const probed =
        request.operation === 'probe'
          ? await Promise.all(located.map(async (input) => ({ ...input, probe: await freshProbe(ff, input, signal) })))
          : await probeInputs({ ff, probes, clock }, located, signal, await storedProbes);
      const outcome = await runOperation(ff, request, probed, allocate, {
        signal,
        onProgress: (event) => progress.ffmpeg(event.fraction),
      });
      observeFfmpeg();
      await progress.flush();
      if (signal.aborted) throw new JobCanceled('canceled after ffmpeg finished');

      const outputFileIds: string[] = [];
      const needsPoster: string[] = [];
      if (outcome.output !== null) {
        const { file, probe } = await publishOutput(
          { ff, storage, catalog, logger: log },
          job,
          outcome.output,
          requestId,
        );
        // Its analysis (poster) and the next job on it use this probe instead of running ffprobe again. An MP4
        // checked from its header has none yet: its analysis, niced and after the job, runs ffprobe.
        if (probe !== undefined) await probes.put(file.id, file.sha256, probe, clock.now());
        outputFileIds.push(file.id);
        if (file.type === 'video') needsPoster.push(file.id);
      }
      if (outcome.probe !== undefined && inputs.files[0] !== undefined) {
        const { video, durationSec, isImage } = outcome.probe;
        await catalog.update(
          inputs.files[0].id,
          {
            width: video?.displayWidth ?? null,
            height: video?.displayHeight ?? null,
            duration: isImage || !(durationSec > 0) ? null : durationSec,
            probe: probeSummary(outcome.probe),
          },
          requestId,
        );
      }
      await progress.finish();
      const done = await jobs.complete(job.id, outcome.result, clock.now(), outputFileIds);
      if (done) {
        metrics.jobs.inc({ operation: job.operation, status: 'completed' });
        await events.publish('video.completed', { id: job.id, ownerId: job.ownerId, outputFileIds });
        log.info({ outputFileIds }, videoOutcomeLine(job, { status: 'completed', outputFileIds }));
      }
      // The poster comes after the result, off the path of the job's owner who waits for it.
      for (const fileId of needsPoster) {
        await deps.queue
          .enqueue('media.analyze', { fileId }, { key: `media.analyze:${fileId}`, group: job.ownerId })
          .catch((error: unknown) => log.warn({ err: error, fileId }, 'could not queue the poster of an output'));
      }
    } catch (error) {
      observeFfmpeg();
      await progress.flush();
      if (tracked.signal.aborted) return finishCanceled(job);
      if (context.signal.aborted) throw error; // shutting down: the job stays running and is retried later
      const failure = describeFailure(error);
      if (failure.retryable && context.attempt < context.maxAttempts) {
        log.warn({ err: error, attempt: context.attempt }, 'video job failed, will retry');
        throw error;
      }
      const failed = await jobs.fail(job.id, { code: failure.code, message: failure.message }, clock.now());
      if (failed) {
        metrics.jobs.inc({ operation: job.operation, status: 'failed' });
        await events.publish('video.failed', {
          id: job.id,
          ownerId: job.ownerId,
          error: { code: failure.code, message: failure.message },
        });
      }
      log.info({ code: failure.code }, videoOutcomeLine(job, { status: 'failed', error: failure }));
      throw new PermanentJobError(failure.message);
    } finally {
      tracked.release();
      await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    }
  };
}
