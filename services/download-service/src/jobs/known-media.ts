/**
 * Which Instagram items of a download the owner already has: the archive index first, then file-service (files
 * registered by an earlier install or an upload). Two batched look-ups per download instead of two per item.
 */
import type { FileCatalog } from '../adapters/hub-services.js';
import { DownloadFailure } from '../domain/failure.js';
import type { DownloadsRepository, ItemRecord } from '../repository/downloads-repo.js';

export interface KnownFile {
  fileId: string;
  sha256: string | null;
}

/** Items that still need the "do we have it?" check: Instagram and other sites' media not yet done. Pure. */
export function itemsToCheck(items: readonly ItemRecord[]): ItemRecord[] {
  return items.filter((item) => item.meta.source !== 'direct' && item.status !== 'done');
}

/** mediaKey → the file the owner already has for it. */
export async function findKnownMedia(
  deps: { repo: Pick<DownloadsRepository, 'archivedAmong'>; catalog: Pick<FileCatalog, 'lookupMediaIds'> },
  ownerId: string,
  items: readonly ItemRecord[],
): Promise<Map<string, KnownFile>> {
  const candidates = itemsToCheck(items);
  const known = await deps.repo.archivedAmong(
    ownerId,
    candidates.map((item) => item.mediaKey),
  );
  const byMediaId = new Map<string, ItemRecord>();
  for (const item of candidates)
    if (!known.has(item.mediaKey) && item.platformMediaId) byMediaId.set(item.platformMediaId, item);
  if (byMediaId.size === 0) return known;
  const files = await deps.catalog.lookupMediaIds(ownerId, [...byMediaId.keys()]).catch((error: unknown) => {
    throw new DownloadFailure(
      'CATALOG_UNAVAILABLE',
      `Could not ask file-service which media are already in the library: ${(error as Error).message}`,
      true,
      { cause: error },
    );
  });
  for (const file of files) {
    const item = file.source?.mediaId ? byMediaId.get(file.source.mediaId) : undefined;
    if (item && !known.has(item.mediaKey)) known.set(item.mediaKey, { fileId: file.id, sha256: file.sha256 });
  }
  return known;
}
