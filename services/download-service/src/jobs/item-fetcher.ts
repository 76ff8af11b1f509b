/**
 * One download item, end to end: already archived (looked up for all items at once, see known-media)? → its
 * extractor's fetch into a temp file (resumable, verified) → sniff → de-duplicate by sha256 → commit to the library
 * under its name → JSON sidecar → register with file-service → archive → media.analyze.
 * A file is committed only after its length and hash are known, so the library never holds a partial file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { InternalFile, RegisterFile } from '@smh/shared';
import { sniffFile, type SniffedMedia } from '@smh/shared/media/sniff';
import { categoryOfMime, extensionForMime, mimeForExtension } from '../domain/http-facts.js';
import { sidecarKeyFor, sourceFor, storageKeyFor } from '../domain/item-naming.js';
import { DownloadFailure } from '../domain/failure.js';
import { extractorForItem } from '../extractors/index.js';
import type { ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';
import type { KnownFile } from './known-media.js';
import type { ItemRun } from './item-run.js';

export type { ItemRun } from './item-run.js';

/** Processes `item`; resolves with its file id. Throws DownloadFailure / InstagramError / the abort reason. */
export async function fetchItem(run: ItemRun, planned: ItemRecord): Promise<string> {
  const { deps, download } = run;
  let item = planned;
  if (item.status === 'done' && item.fileId) return item.fileId;
  const extractor = extractorForItem(item);
  // Platform media are identified by their platform id; direct URLs by their content (checked after the transfer).
  const known = extractor.identifiedById ? run.known.get(item.mediaKey) : undefined;
  if (known) return markDone(run, item, known.fileId, known.sha256, false);

  let stored =
    item.status === 'stored' && item.storageKey && item.sha256
      ? { key: item.storageKey, sha256: item.sha256, size: item.bytesDone }
      : undefined;
  let mime: string | undefined;
  if (!stored) {
    const fetched = await extractor.fetch(run, item);
    const { tempPath } = fetched;
    const outcome = { sha256: fetched.sha256, size: fetched.size };
    if (fetched.meta) {
      item = { ...item, meta: fetched.meta };
      await run.patient(() => deps.repo.updateItem(download.id, item.mediaKey, { meta: item.meta }));
    }
    // The bytes decide what was downloaded, never the server's Content-Type or the URL's extension.
    mime = (await mediaTypeOrRefuse(tempPath, item.url)).mime;
    // Instagram media were matched by platform id above; direct URLs and other sites' files also by their content.
    const duplicate = extractor.matchedByContent ? await findByContent(run, outcome.sha256) : undefined;
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
  const sidecarKey = await ensureSidecar(run, item, extractor.sidecar(item));
  const { meta } = item;
  const width = meta.width ?? meta.site?.width;
  const height = meta.height ?? meta.site?.height;
  const registration: RegisterFile = {
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
  };
  const file: InternalFile = await run.patient(() => deps.catalog.register(registration));
  const category = categoryOfMime(mime);
  deps.metrics.files.inc({ kind: category });
  if (category === 'image' || category === 'video') await run.patient(() => run.analyze(file.id));
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
  const local = await run.patient(() => deps.repo.findArchived(download.ownerId, { sha256 }));
  if (local) return local;
  const remote = await run.patient(() => deps.catalog.lookup({ ownerId: download.ownerId, sha256 }));
  return remote ? { fileId: remote.id, sha256: remote.sha256 } : undefined;
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
function ensureSidecar(
  run: ItemRun,
  item: ItemRecord,
  post: { postId: string; body: unknown } | undefined,
): Promise<string | null> {
  const key = sidecarKeyFor(run.deps.settings.nameTemplate, item);
  if (!post || !key) return Promise.resolve(null);
  const { postId, body: sidecar } = post;
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
