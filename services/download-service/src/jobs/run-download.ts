/**
 * The `download.run` handler: resolve the URL into items once (persisted, so a resume skips the Instagram API),
 * fetch the items with bounded concurrency, keep progress persisted and published, and end the download in a
 * classified state. A shutdown leaves it `running` with its temp files (the next process resumes it); a cancel
 * removes the temp files.
 */
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import {
  isTransientDependencyError,
  PermanentJobError,
  retryTransient,
  type JobContext,
  type TransientRetryOptions,
} from '@smh/shared';
import { DownloadFailure, sessionStatusFor, toFailure } from '../domain/failure.js';
import { downloadOutcomeLine } from '../domain/outcome-line.js';
import { ProgressMeter } from '../domain/progress.js';
import { extractorForItem, extractorForKind } from '../extractors/index.js';
import type { InstagramClientHooks } from '../adapters/instagram-client.js';
import type { InstagramClient } from '../instagram/client.js';
import type { DownloadRecord, ItemRecord } from '../repository/downloads-repo.js';
import { CancelRequested, RunSuperseded } from './cancel-registry.js';
import type { DownloadDeps } from './deps.js';
import { ItemChannel } from './item-channel.js';
import type { ItemRun } from './item-run.js';
import { pushbackRecorder, waitOutPersistedPushback } from './instagram-wait.js';
import { DOWNLOAD_LINGER_MS } from '../domain/batch-linger.js';
import { groupCommit } from './group-commit.js';
import { itemStates } from './item-states.js';
import { removeItemTempFiles, tempBytes } from './item-temp.js';
import { runItemWorkers } from './item-workers.js';
import type { KnownFile } from './known-media.js';
import { planInto } from './planner.js';

export function downloadRunHandler(deps: DownloadDeps) {
  return async (payload: { downloadId: string }, job: JobContext): Promise<void> => {
    const download = await deps.repo.get(payload.downloadId);
    if (!download) throw new PermanentJobError(`download ${payload.downloadId} does not exist`);
    if (download.status !== 'queued' && download.status !== 'running') return;
    if (!(await deps.repo.markRunning(download.id))) return;
    const controller = await deps.cancels.register(download.id);
    try {
      await runDownload(deps, download, AbortSignal.any([controller.signal, job.signal]), controller);
    } catch (error) {
      // The newer attempt that took this run over owns the download now; this attempt has nothing left to report.
      if (error instanceof RunSuperseded) return;
      throw error;
    } finally {
      deps.cancels.unregister(download.id, controller);
    }
  };
}

async function openClient(
  deps: DownloadDeps,
  download: DownloadRecord,
  hooks: InstagramClientHooks,
): Promise<InstagramClient> {
  if (!download.sessionId) return deps.instagram(undefined, hooks);
  const session = await deps.sessions.get(download.sessionId).catch((error: unknown) => {
    const status = (error as { status?: number }).status;
    if (status === 404)
      throw new DownloadFailure(
        'SESSION_NOT_FOUND',
        `The Instagram session ${download.sessionId} no longer exists`,
        false,
      );
    throw new DownloadFailure(
      'SESSION_UNAVAILABLE',
      `The Instagram session could not be loaded: ${(error as Error).message}`,
      true,
    );
  });
  if (session.ownerId !== download.ownerId)
    throw new DownloadFailure(
      'SESSION_NOT_FOUND',
      `The Instagram session ${download.sessionId} does not belong to this user`,
      false,
    );
  return deps.instagram(session.cookies, hooks);
}

async function initialProgress(tempDir: string, items: readonly ItemRecord[]) {
  let bytesDone = 0;
  for (const item of items) {
    if (item.status === 'done' || item.status === 'stored') bytesDone += item.bytesDone;
    else bytesDone += await tempBytes(tempDir, item);
  }
  return {
    filesDone: items.filter((item) => item.status === 'done').length,
    filesTotal: items.length,
    bytesDone,
    bytesTotal: items.reduce((sum, item) => sum + (item.expectedSize ?? 0), 0),
  };
}

/** Persists and publishes progress at most once per interval; also notices a cancel made by another process. */
function progressReporter(deps: DownloadDeps, download: DownloadRecord, meter: ProgressMeter, cancel: AbortController) {
  let flushing: Promise<void> | undefined;
  return {
    flush(force = false): Promise<void> {
      if (!meter.shouldFlush(force)) return flushing ?? Promise.resolve();
      const progress = meter.snapshot();
      flushing = (async () => {
        await deps.repo.saveProgress(download.id, progress);
        await deps.events.publish('download.progress', {
          id: download.id,
          ownerId: download.ownerId,
          progress,
          speedBps: meter.speedBps(),
        });
        // A cancel from a process that missed the event still lands here within one interval.
        if ((await deps.repo.status(download.id)) === 'canceled') cancel.abort(new CancelRequested(download.id));
      })().catch((error: unknown) => deps.logger.warn({ err: error, downloadId: download.id }, 'progress not saved'));
      return flushing;
    },
    settled: (): Promise<void> => flushing ?? Promise.resolve(),
  };
}

async function runDownload(
  deps: DownloadDeps,
  download: DownloadRecord,
  signal: AbortSignal,
  controller: AbortController,
): Promise<void> {
  const meter = new ProgressMeter(
    { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    deps.now,
    deps.settings.progressIntervalMs,
  );
  const reporter = progressReporter(deps, download, meter, controller);
  try {
    let client: InstagramClient | undefined;
    if (extractorForKind(download.kind).kind === 'instagram') {
      await waitOutPersistedPushback(deps, download, signal);
      const onPushback = pushbackRecorder(deps, download, () => meter.snapshot());
      client = await openClient(deps, download, { onPushback });
    }
    const existing = await deps.repo.items(download.id);
    Object.assign(meter.progress, await initialProgress(path.join(deps.storage.root, '.tmp'), existing));
    await reporter.flush(true);
    const failures = await transferWhileListing(deps, download, client, existing, {
      meter,
      signal,
      onProgress: () => void reporter.flush(),
    });
    await reporter.settled();
    const fileIds = (await retryTransient(() => deps.repo.fileIds([download.id]), { signal })).get(download.id) ?? [];
    signal.throwIfAborted(); // a run stopped by now (shutdown, taken over) leaves the ending to the next one
    const progress = { ...meter.snapshot(), phase: undefined };
    const failure = failures[0];
    if (failure) return await endFailed(deps, download, progress, failure);
    if (await deps.repo.finish(download.id, 'completed', progress, null)) {
      deps.metrics.downloads.inc({ status: 'completed' });
      deps.logger.info({ downloadId: download.id }, downloadOutcomeLine(download, { status: 'completed', progress }));
      await deps.events.publish('download.completed', {
        id: download.id,
        ownerId: download.ownerId,
        fileIds,
        progress,
      });
    }
  } catch (error) {
    await reporter.settled();
    if (signal.aborted) {
      if (signal.reason instanceof CancelRequested) return await cleanUpCanceled(deps, download);
      await deps.repo.saveProgress(download.id, meter.snapshot()).catch(() => undefined);
      throw signal.reason; // shutdown: the queue puts the job back, the next process resumes from the temp files
    }
    await endFailed(deps, download, meter.snapshot(), toFailure(error));
  }
}

/**
 * The pipeline: the planner lists (page by page) into a bounded channel while the workers transfer. A failed
 * listing stops the workers; a fatal item error stops the listing. Returns the item failures.
 */
async function transferWhileListing(
  deps: DownloadDeps,
  download: DownloadRecord,
  client: InstagramClient | undefined,
  existing: readonly ItemRecord[],
  progress: { meter: ProgressMeter; signal: AbortSignal; onProgress: () => void },
): Promise<DownloadFailure[]> {
  const { meter, signal, onProgress } = progress;
  const stop = new AbortController();
  const workSignal = AbortSignal.any([signal, stop.signal]);
  const concurrency = deps.settings.itemConcurrency;
  // Each item in flight listens to it (its limits), and a worker may wait on it besides: more than Node's default
  // of 10 listeners is how this works, not a leak (each is removed when its item ends).
  setMaxListeners(2 * concurrency + 10, workSignal);
  const channel = new ItemChannel<ItemRecord>(concurrency * 2);
  const known = new Map<string, KnownFile>();
  const retry: TransientRetryOptions = {
    signal,
    onRetry: (error, attempt, delayMs) =>
      deps.logger.warn({ err: error, downloadId: download.id, attempt, delayMs }, 'dependency away: item step retried'),
  };
  const states = itemStates(deps.repo, download, retry);
  const run: ItemRun = {
    deps,
    download,
    client,
    meter,
    signal: workSignal,
    onProgress,
    sidecars: new Map(),
    known,
    states,
    patient: (step) => retryTransient(step, { ...retry, isTransient: isTransientDependencyError }),
    analyze: groupCommit(
      (fileIds) =>
        deps.queue.enqueueMany(
          'media.analyze',
          fileIds.map((fileId) => ({ fileId })),
          { group: download.ownerId },
        ),
      { lingerMs: DOWNLOAD_LINGER_MS },
    ),
  };
  const workers = runItemWorkers({ run, channel, concurrency, outer: signal, stop });
  // A cancel can end every worker before the listing has wound down (after the channel closes it may still write to
  // the database): their failure is taken up below, after the listing, and must not count as unhandled meanwhile
  // (Node ends the process on an unhandled rejection).
  workers.catch(() => undefined);
  let listingFailure: unknown;
  try {
    await planInto({ deps, download, client, signal: workSignal, channel, known, meter, onProgress }, existing);
  } catch (error) {
    listingFailure = error;
    if (!stop.signal.aborted) stop.abort(error);
  } finally {
    channel.close();
  }
  const failures = await workers;
  if (listingFailure !== undefined) throw signal.aborted ? signal.reason : listingFailure;
  return failures;
}

async function endFailed(
  deps: DownloadDeps,
  download: DownloadRecord,
  progress: ReturnType<ProgressMeter['snapshot']>,
  failure: DownloadFailure,
): Promise<void> {
  const info = failure.toInfo();
  const sessionStatus = sessionStatusFor(info.code);
  if (sessionStatus && download.sessionId) {
    await deps.sessions
      .reportStatus(download.sessionId, sessionStatus, info.message)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, sessionId: download.sessionId }, 'could not report the session status'),
      );
  }
  if (!info.retryable) await removeTempFiles(deps, download.id); // nothing to resume: leave no temp file behind
  if (await deps.repo.finish(download.id, 'failed', progress, info)) {
    deps.metrics.downloads.inc({ status: 'failed' });
    deps.logger.info(
      { downloadId: download.id, code: info.code },
      downloadOutcomeLine(download, { status: 'failed', error: info }),
    );
    await deps.events.publish('download.failed', { id: download.id, ownerId: download.ownerId, error: info });
  }
}

async function removeTempFiles(deps: DownloadDeps, downloadId: string): Promise<void> {
  for (const item of await deps.repo.items(downloadId)) {
    await extractorForItem(item).discard(deps, downloadId, item);
    if (item.status === 'done' || item.status === 'stored') continue;
    await removeItemTempFiles(path.join(deps.storage.root, '.tmp'), item);
    if (item.tempPath) {
      await deps.repo.updateItem(downloadId, item.mediaKey, {
        tempPath: null,
        ...(item.status === 'running' ? { status: 'pending' } : {}),
      });
    }
  }
}

/** After a cancel: no temp file of this download stays behind. */
async function cleanUpCanceled(deps: DownloadDeps, download: DownloadRecord): Promise<void> {
  await removeTempFiles(deps, download.id);
  deps.metrics.downloads.inc({ status: 'canceled' });
  deps.logger.info({ downloadId: download.id }, downloadOutcomeLine(download, { status: 'canceled' }));
}
