/**
 * Fetching an item's URL over the hub's own HTTP client (Instagram CDN files, direct files): into the item's temp
 * file, resumed from an earlier attempt's bytes with a Range request, within the item's limits; an expired
 * Instagram CDN URL is refreshed through the client (at most twice).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ExpiredUrlError, transferToFile } from '../adapters/transfer.js';
import { DownloadFailure } from '../domain/failure.js';
import type { ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from '../jobs/deps.js';
import { itemLimits, type ItemLimits, type ItemRun } from '../jobs/item-run.js';
import { itemTempFile } from '../jobs/item-temp.js';
import type { FetchedFile } from './types.js';

const MAX_URL_REFRESHES = 2;

/** The temp file an older process recorded for the item (resume), else the item's own (see item-temp). */
function usableTempPath(deps: DownloadDeps, item: ItemRecord): string {
  const tempDir = path.join(deps.storage.root, '.tmp');
  if (item.tempPath && path.dirname(path.resolve(item.tempPath)) === tempDir) return item.tempPath;
  return itemTempFile(tempDir, item.downloadId, item.mediaKey);
}

export async function fetchOverHttp(run: ItemRun, item: ItemRecord): Promise<FetchedFile> {
  // No write before the transfer: the temp file's name follows from the item.
  const tempPath = usableTempPath(run.deps, item);
  const limits = itemLimits(run, new URL(item.url).host);
  try {
    const outcome = await transferWithinLimits(run, item, tempPath, limits);
    // The last chunk may have crossed the limit as the transfer ended.
    limits.signal.throwIfAborted();
    return { tempPath, ...outcome };
  } catch (error) {
    // The limit's own failure, not the transfer's way of reporting the abort.
    if (limits.signal.aborted && limits.signal.reason instanceof DownloadFailure) {
      await fs.rm(tempPath, { force: true });
      throw limits.signal.reason;
    }
    throw error;
  } finally {
    limits.dispose();
  }
}

async function transferWithinLimits(run: ItemRun, item: ItemRecord, tempPath: string, limits: ItemLimits) {
  const { deps, meter } = run;
  const signal = limits.signal;
  let received = 0;
  let url = item.url;
  let announced = item.expectedSize ?? undefined;
  for (let refresh = 0; ; refresh += 1) {
    const host = new URL(url).host;
    try {
      return await deps.hosts.run(host, () =>
        transferToFile(
          url,
          tempPath,
          {
            onBytes: (bytes) => {
              received += bytes;
              limits.checkSize(received);
              meter.addBytes(bytes);
              deps.metrics.bytes.inc(bytes);
              run.onProgress();
            },
            onRestart: (lost) => {
              received -= lost;
              meter.removeBytes(lost);
            },
            onSize: (size) => {
              limits.checkSize(size);
              if (announced === size) return;
              meter.addExpected(size - (announced ?? 0));
              announced = size;
            },
          },
          {
            agents: deps.agents,
            signal,
            allowPrivate: deps.allowPrivateUrls,
            maxAttempts: deps.settings.transferAttempts,
            baseDelayMs: deps.settings.retryBaseMs,
            timeoutMs: deps.settings.idleTimeoutMs,
          },
        ),
      );
    } catch (error) {
      if (!(error instanceof ExpiredUrlError) || refresh >= MAX_URL_REFRESHES || !run.client || !item.meta.postId)
        throw error;
      const media = await run.client.refreshMediaUrls(item.meta.postId, signal);
      const fresh = media.resources.find((resource) => resource.index === item.resourceIndex);
      if (!fresh)
        throw new DownloadFailure(
          'MEDIA_NOT_FOUND',
          `Instagram media ${item.meta.postId} no longer has resource ${item.resourceIndex}`,
          false,
        );
      url = fresh.url;
      await run.patient(() => deps.repo.updateItem(run.download.id, item.mediaKey, { url }));
    }
  }
}
