/**
 * The `download.run` handler: resolve the URL into items once (persisted, so a resume skips the Instagram API),
 * fetch the items with bounded concurrency, keep progress persisted and published, and end the download in a
 * classified state. A shutdown leaves it `running` with its temp files (the next process resumes it); a cancel
 * removes the temp files.
 */
import fs from 'node:fs/promises';
import { PermanentJobError, type JobContext } from '@smh/shared';
import { resolveInstagramTarget, type IncludePart } from '../adapters/instagram-source.js';
import { ABORTING_INSTAGRAM_CODES, DownloadFailure, sessionStatusFor, toFailure } from '../domain/failure.js';
import { downloadOutcomeLine } from '../domain/outcome-line.js';
import { planDirectItem } from '../domain/plan.js';
import { ProgressMeter } from '../domain/progress.js';
import { classifyDownloadUrl } from '../domain/target.js';
import type { InstagramClientHooks } from '../adapters/instagram-client.js';
import type { InstagramClient } from '../instagram/client.js';
import { InstagramError } from '../instagram/errors.js';
import type { DownloadRecord, ItemRecord } from '../repository/downloads-repo.js';
import { CancelRequested } from './cancel-registry.js';
import type { DownloadDeps } from './deps.js';
import { fetchItem, type ItemRun } from './item-fetcher.js';
import { pushbackRecorder, waitOutPersistedPushback } from './instagram-wait.js';
import { findKnownMedia } from './known-media.js';

export function downloadRunHandler(deps: DownloadDeps) {
  return async (payload: { downloadId: string }, job: JobContext): Promise<void> => {
    const download = await deps.repo.get(payload.downloadId);
    if (!download) throw new PermanentJobError(`download ${payload.downloadId} does not exist`);
    if (download.status !== 'queued' && download.status !== 'running') return;
    if (!(await deps.repo.markRunning(download.id))) return;
    const controller = deps.cancels.register(download.id);
    try {
      await runDownload(deps, download, AbortSignal.any([controller.signal, job.signal]), controller);
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

async function plan(
  deps: DownloadDeps,
  download: DownloadRecord,
  client: InstagramClient | undefined,
  signal: AbortSignal,
): Promise<void> {
  const source = classifyDownloadUrl(download.url);
  if (source.type === 'direct') return deps.repo.savePlan(download.id, [planDirectItem(source.url)]);
  if (!client) throw new Error('an Instagram download needs an Instagram client to plan');
  const resolved = await resolveInstagramTarget(client, source.target, {
    include: download.include as IncludePart[],
    ...(download.limit ? { limit: download.limit } : {}),
    incremental: download.incremental,
    archived: download.incremental ? await deps.repo.archivedKeys(download.ownerId) : new Set(),
    signal,
  });
  await deps.repo.savePlan(download.id, resolved.items);
  await deps.notices.saveWarnings(download.id, resolved.warnings ?? []);
}

async function initialProgress(items: readonly ItemRecord[]) {
  let bytesDone = 0;
  for (const item of items) {
    if (item.status === 'done' || item.status === 'stored') bytesDone += item.bytesDone;
    else if (item.tempPath) bytesDone += (await fs.stat(item.tempPath).catch(() => undefined))?.size ?? 0;
  }
  return {
    filesDone: items.filter((item) => item.status === 'done').length,
    filesTotal: items.length,
    bytesDone,
    bytesTotal: items.reduce((sum, item) => sum + (item.expectedSize ?? 0), 0),
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
  let items: ItemRecord[] = [];
  let flushing: Promise<void> | undefined;
  const flush = (force = false): Promise<void> => {
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
      if ((await deps.repo.status(download.id)) === 'canceled') controller.abort(new CancelRequested(download.id));
    })().catch((error: unknown) => deps.logger.warn({ err: error, downloadId: download.id }, 'progress not saved'));
    return flushing;
  };
  let client: InstagramClient | undefined;
  try {
    if (classifyDownloadUrl(download.url).type === 'instagram') {
      await waitOutPersistedPushback(deps, download, signal);
      const onPushback = pushbackRecorder(deps, download, () => meter.snapshot());
      client = await openClient(deps, download, { onPushback });
    }
    if (!download.planned) await plan(deps, download, client, signal);
    items = await deps.repo.items(download.id);
    Object.assign(meter.progress, await initialProgress(items));
    await flush(true);
    const failures = await fetchAll(deps, download, items, client, meter, signal, () => void flush());
    await flushing;
    const fileIds = (await deps.repo.fileIds([download.id])).get(download.id) ?? [];
    const progress = meter.snapshot();
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
    await flushing;
    if (signal.aborted) {
      if (signal.reason instanceof CancelRequested) return await cleanUpCanceled(deps, download);
      await deps.repo.saveProgress(download.id, meter.snapshot()).catch(() => undefined);
      throw signal.reason; // shutdown: the queue puts the job back, the next process resumes from the temp files
    }
    await endFailed(deps, download, meter.snapshot(), toFailure(error));
  }
}

/** Items with bounded concurrency; fatal Instagram errors stop the rest. Returns the item failures. */
async function fetchAll(
  deps: DownloadDeps,
  download: DownloadRecord,
  items: ItemRecord[],
  client: InstagramClient | undefined,
  meter: ProgressMeter,
  signal: AbortSignal,
  onProgress: () => void,
): Promise<DownloadFailure[]> {
  const stop = new AbortController();
  const known = await findKnownMedia(deps, download.ownerId, items);
  const run: ItemRun = {
    deps,
    download,
    client,
    meter,
    signal: AbortSignal.any([signal, stop.signal]),
    onProgress,
    sidecars: new Map(),
    known,
  };
  const failures: DownloadFailure[] = [];
  let fatal: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !run.signal.aborted) {
      const item = items[next++];
      if (!item) break;
      try {
        await fetchItem(run, item);
      } catch (error) {
        if (signal.aborted) throw error;
        if (stop.signal.aborted) return;
        if (error instanceof InstagramError && ABORTING_INSTAGRAM_CODES.has(error.code)) {
          fatal = error;
          stop.abort(error);
          return;
        }
        const failure =
          error instanceof DownloadFailure
            ? error
            : new DownloadFailure('ITEM_FAILED', (error as Error).message, true, { cause: error });
        failures.push(failure);
        // A transient failure keeps its temp file so a retry resumes it; a permanent one leaves nothing behind.
        if (!failure.retryable) await removeCurrentTemp(deps, download.id, item.mediaKey);
        await deps.repo.updateItem(download.id, item.mediaKey, {
          status: 'failed',
          error: { code: failure.code, message: failure.message },
        });
      }
    }
  };
  // allSettled: every worker has stopped touching its temp file before anyone cleans up.
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(deps.settings.itemConcurrency, Math.max(1, items.length)) }, worker),
  );
  if (signal.aborted) throw signal.reason;
  const crashed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (crashed) throw crashed.reason;
  if (fatal) throw fatal;
  return failures;
}

async function removeCurrentTemp(deps: DownloadDeps, downloadId: string, mediaKey: string): Promise<void> {
  const fresh = (await deps.repo.items(downloadId)).find((item) => item.mediaKey === mediaKey);
  if (fresh?.tempPath) {
    await fs.rm(fresh.tempPath, { force: true });
    await deps.repo.updateItem(downloadId, mediaKey, { tempPath: null });
  }
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
    if (item.tempPath) {
      await fs.rm(item.tempPath, { force: true });
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
