/**
 * One download item, end to end: already archived (looked up for all items at once, see known-media)? → transfer (resumable, verified) → de-duplicate by sha256 →
 * commit to the library under its name → JSON sidecar → register with file-service → archive → media.analyze.
 * A file is committed only after its length and hash are known, so the library never holds a partial file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { InternalFile } from '@smh/shared';
import { sniffFile, type SniffedMedia } from '@smh/shared/media/sniff';
import { ExpiredUrlError, transferToFile } from '../adapters/transfer.js';
import { categoryOfMime, extensionForMime, mimeForExtension } from '../domain/http-facts.js';
import { sidecarKeyFor, siteSidecar, sourceFor, storageKeyFor } from '../domain/item-naming.js';
import { DownloadFailure } from '../domain/failure.js';
import type { ProgressMeter } from '../domain/progress.js';
import type { InstagramClient } from '../instagram/client.js';
import type { DownloadRecord, ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';
import type { ItemStates } from './item-states.js';
import { itemTempFile } from './item-temp.js';
import type { KnownFile } from './known-media.js';
import { transferSiteItem } from './site-fetch.js';

const MAX_URL_REFRESHES = 2;

export interface ItemRun {
  deps: DownloadDeps;
  download: DownloadRecord;
  client: InstagramClient | undefined;
  meter: ProgressMeter;
  signal: AbortSignal;
  onProgress(): void;
  /** One sidecar write per post, shared by the post's resources. */
  sidecars: Map<string, Promise<string | null>>;
  /** Instagram items the owner already has (mediaKey → file), found before the items started. */
  known: ReadonlyMap<string, KnownFile>;
  /** The items' steps, group-committed across the download's workers. */
  states: ItemStates;
}

/** Processes `item`; resolves with its file id. Throws DownloadFailure / InstagramError / the abort reason. */
export async function fetchItem(run: ItemRun, planned: ItemRecord): Promise<string> {
  const { deps, download } = run;
  let item = planned;
  if (item.status === 'done' && item.fileId) return item.fileId;
  // Platform media are identified by their platform id; direct URLs by their content (checked after the transfer).
  const known = item.meta.source !== 'direct' ? run.known.get(item.mediaKey) : undefined;
  if (known) return markDone(run, item, known.fileId, known.sha256, false);

  let stored =
    item.status === 'stored' && item.storageKey && item.sha256
      ? { key: item.storageKey, sha256: item.sha256, size: item.bytesDone }
      : undefined;
  let mime: string | undefined;
  if (!stored) {
    let tempPath: string;
    let outcome: { sha256: string; size: number };
    if (item.meta.source === 'site') {
      await deps.repo.updateItem(download.id, item.mediaKey, { status: 'running' });
      const site = await transferSiteItem(run, item);
      tempPath = site.tempPath;
      outcome = site;
      // What yt-dlp learned while downloading (a collection's entries were only listed) names and describes the file.
      item = { ...item, meta: { ...item.meta, site: site.media } };
      await deps.repo.updateItem(download.id, item.mediaKey, { meta: item.meta });
    } else {
      // No write before the transfer: the temp file's name follows from the item (see item-temp).
      tempPath = usableTempPath(deps, item);
      outcome = await transferWithRefresh(run, item, tempPath);
    }
    // The bytes decide what was downloaded, never the server's Content-Type or the URL's extension.
    mime = (await mediaTypeOrRefuse(tempPath, item.url)).mime;
    // Instagram media were matched by platform id above; direct URLs and other sites' files also by their content.
    const duplicate = item.meta.source !== 'instagram' ? await findByContent(run, outcome.sha256) : undefined;
    if (duplicate) {
      await fs.rm(tempPath, { force: true });
      return markDone(run, item, duplicate.fileId, outcome.sha256, false);
    }
    const key = await commitUnderFreeName(
      deps,
      tempPath,
      storageKeyFor(deps.settings.nameTemplate, item, extensionForMime(mime)),
    );
    stored = { key, sha256: outcome.sha256, size: outcome.size };
    await run.states.stored({ mediaKey: item.mediaKey, storageKey: key, sha256: outcome.sha256, size: outcome.size });
  }
  mime ??= mimeForExtension(path.posix.extname(stored.key).slice(1)) ?? 'application/octet-stream';
  const sidecarKey = await ensureSidecar(run, item);
  const { meta } = item;
  const width = meta.width ?? meta.site?.width;
  const height = meta.height ?? meta.site?.height;
  const file: InternalFile = await deps.catalog.register({
    ownerId: download.ownerId,
    storageKey: stored.key,
    name: path.posix.basename(stored.key),
    mime,
    size: stored.size,
    sha256: stored.sha256,
    width: width && width > 0 ? Math.round(width) : null,
    height: height && height > 0 ? Math.round(height) : null,
    duration: meta.durationSec ?? meta.site?.durationSec ?? null,
    source: sourceFor(item),
    sidecarKey,
    origin: { kind: 'download', id: download.id },
  });
  const category = categoryOfMime(mime);
  deps.metrics.files.inc({ kind: category });
  if (category === 'image' || category === 'video')
    await deps.queue.enqueue('media.analyze', { fileId: file.id }, { group: download.ownerId });
  return markDone(run, item, file.id, stored.sha256, true);
}

async function markDone(
  run: ItemRun,
  item: ItemRecord,
  fileId: string,
  sha256: string | null,
  fresh: boolean,
): Promise<string> {
  await run.states.done({ mediaKey: item.mediaKey, fileId, sha256 });
  if (fresh) run.deps.logger.debug({ downloadId: run.download.id, fileId, mediaKey: item.mediaKey }, 'stored');
  run.meter.fileDone();
  run.onProgress();
  return fileId;
}

/** The sniffed type of a transferred file; anything else is deleted and the item fails with NOT_MEDIA. */
async function mediaTypeOrRefuse(tempPath: string, url: string): Promise<SniffedMedia> {
  const sniffed = await sniffFile(tempPath);
  if (sniffed.kind === 'media') return sniffed;
  await fs.rm(tempPath, { force: true });
  throw new DownloadFailure(
    'NOT_MEDIA',
    `${new URL(url).host} did not send an image, video or audio file: detected ${sniffed.detected}.`,
    false,
  );
}

/** A file with this content the owner already has: the archive index first, then file-service (uploads, earlier installs). */
async function findByContent(run: ItemRun, sha256: string): Promise<KnownFile | undefined> {
  const { deps, download } = run;
  const local = await deps.repo.findArchived(download.ownerId, { sha256 });
  if (local) return local;
  const remote = await deps.catalog.lookup({ ownerId: download.ownerId, sha256 });
  return remote ? { fileId: remote.id, sha256: remote.sha256 } : undefined;
}

/** The temp file an older process recorded for the item (resume), else the item's own. */
function usableTempPath(deps: DownloadDeps, item: ItemRecord): string {
  const tempDir = path.join(deps.storage.root, '.tmp');
  if (item.tempPath && path.dirname(path.resolve(item.tempPath)) === tempDir) return item.tempPath;
  return itemTempFile(tempDir, item.downloadId, item.mediaKey);
}

/**
 * What one item may cost the hub: at most `maxItemBytes` (announced or received) and `maxItemDurationMs` of
 * transfer. Either ends the item with a failure that is not retried; the returned signal also follows the run's.
 */
export interface ItemLimits {
  /** Aborted by either limit, and when the run is. */
  signal: AbortSignal;
  checkSize(bytes: number): void;
  dispose(): void;
}

export function itemLimits(run: Pick<ItemRun, 'deps' | 'signal'>, host: string): ItemLimits {
  const { maxItemBytes, maxItemDurationMs } = run.deps.settings;
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  const onRunAbort = () => abort(run.signal.reason);
  run.signal.addEventListener('abort', onRunAbort, { once: true });
  const timer = setTimeout(
    () =>
      abort(
        new DownloadFailure(
          'DOWNLOAD_TOO_SLOW',
          `The transfer from ${host} took longer than ${Math.round(maxItemDurationMs / 60_000)} minutes.`,
          false,
        ),
      ),
    maxItemDurationMs,
  );
  const tooLarge = () =>
    abort(
      new DownloadFailure('DOWNLOAD_TOO_LARGE', `The file from ${host} is larger than ${maxItemBytes} bytes.`, false),
    );
  return {
    signal: controller.signal,
    checkSize: (bytes: number) => {
      if (bytes > maxItemBytes) tooLarge();
    },
    dispose() {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onRunAbort);
    },
  };
}

async function transferWithRefresh(run: ItemRun, item: ItemRecord, tempPath: string) {
  const limits = itemLimits(run, new URL(item.url).host);
  try {
    const outcome = await transferWithinLimits(run, item, tempPath, limits);
    // The last chunk may have crossed the limit as the transfer ended.
    limits.signal.throwIfAborted();
    return outcome;
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

async function transferWithinLimits(
  run: ItemRun,
  item: ItemRecord,
  tempPath: string,
  limits: ReturnType<typeof itemLimits>,
) {
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
      await deps.repo.updateItem(run.download.id, item.mediaKey, { url });
    }
  }
}

/** Commits under `wanted` or the next free variant; another download may take a name between look-up and commit. */
async function commitUnderFreeName(deps: DownloadDeps, tempPath: string, wanted: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const key = await deps.storage.availableKey(wanted);
    try {
      await deps.storage.commit(tempPath, key);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
  }
}

/** Writes the post's JSON sidecar next to its media once (overwriting an older one: metadata refresh). */
function ensureSidecar(run: ItemRun, item: ItemRecord): Promise<string | null> {
  const postId = item.meta.source === 'site' ? item.mediaKey : item.meta.postId;
  const key = sidecarKeyFor(run.deps.settings.nameTemplate, item);
  const sidecar = item.meta.source === 'site' ? siteSidecar(item) : item.meta.sidecar;
  if (!postId || !key || !sidecar) return Promise.resolve(null);
  let pending = run.sidecars.get(postId);
  if (!pending) {
    pending = (async () => {
      const temp = await run.deps.storage.tempFile('.json');
      await fs.writeFile(temp, `${JSON.stringify(sidecar, null, 2)}\n`);
      await run.deps.storage.commit(temp, key, { overwrite: true });
      return key;
    })();
    run.sidecars.set(postId, pending);
  }
  return pending;
}
