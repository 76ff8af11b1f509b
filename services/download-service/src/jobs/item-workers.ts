/**
 * The transfer side of the pipeline: `concurrency` workers take items from the channel as the listing hands
 * them over. A fatal Instagram error stops every worker (through `stop`); an item failure is recorded and the
 * others go on. Resolves with the item failures once the channel is closed and drained.
 */
import path from 'node:path';
import { ABORTING_INSTAGRAM_CODES, DownloadFailure } from '../domain/failure.js';
import { InstagramError } from '../instagram/errors.js';
import type { ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';
import type { ItemChannel } from './item-channel.js';
import { fetchItem } from './item-fetcher.js';
import type { ItemRun } from './item-run.js';
import { removeItemTempFiles } from './item-temp.js';

export interface WorkerPool {
  /** The run the items are fetched with; its signal includes `stop`. */
  run: ItemRun;
  channel: ItemChannel<ItemRecord>;
  concurrency: number;
  /** The job's own signal (shutdown, cancel). */
  outer: AbortSignal;
  /** Aborted by the first fatal error (and by a failed listing). */
  stop: AbortController;
}

export async function runItemWorkers(pool: WorkerPool): Promise<DownloadFailure[]> {
  const { run, channel, outer, stop } = pool;
  const failures: DownloadFailure[] = [];
  let fatal: unknown;
  const worker = async (): Promise<void> => {
    for (let item = await channel.take(); item && !run.signal.aborted; item = await channel.take()) {
      try {
        await fetchItem(run, item);
      } catch (error) {
        if (outer.aborted) throw error;
        if (stop.signal.aborted) return;
        if (error instanceof InstagramError && ABORTING_INSTAGRAM_CODES.has(error.code)) {
          fatal = error;
          stop.abort(error);
          return;
        }
        failures.push(await recordFailure(run.deps, run.download.id, item, error));
      }
    }
  };
  // allSettled: every worker has stopped touching its temp file before anyone cleans up.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, pool.concurrency) }, worker));
  channel.close();
  if (outer.aborted) throw outer.reason;
  const crashed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (crashed) throw crashed.reason;
  if (fatal) throw fatal;
  return failures;
}

async function recordFailure(
  deps: DownloadDeps,
  downloadId: string,
  item: ItemRecord,
  error: unknown,
): Promise<DownloadFailure> {
  const failure =
    error instanceof DownloadFailure
      ? error
      : new DownloadFailure('ITEM_FAILED', (error as Error).message, true, { cause: error });
  // A transient failure keeps its temp file so a retry resumes it; a permanent one leaves nothing behind.
  if (!failure.retryable) await removeItemTempFiles(path.join(deps.storage.root, '.tmp'), item);
  await deps.repo.updateItem(downloadId, item.mediaKey, {
    status: 'failed',
    error: { code: failure.code, message: failure.message },
    ...(failure.retryable ? {} : { tempPath: null }),
  });
  return failure;
}
