/**
 * Where an item's transfer writes before its file is committed. The name follows from the download and the media
 * key, so nothing has to be stored before the first byte: a restarted process finds the partial file again (and
 * resumes it), a cancel or a permanent failure removes it, whatever the database says. Files of processes killed
 * before this name existed are still found through the item's recorded `tempPath`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ItemRecord } from '../repository/downloads-repo.js';

/** The item's own temp file inside `tempDir`. Pure. */
export function itemTempFile(tempDir: string, downloadId: string, mediaKey: string): string {
  const key = createHash('sha256').update(mediaKey).digest('hex').slice(0, 32);
  return path.join(tempDir, `${downloadId}-${key}.part`);
}

/** The item's temp files that may exist: the recorded one (older processes) and its own. Pure. */
export function itemTempFiles(
  tempDir: string,
  item: Pick<ItemRecord, 'downloadId' | 'mediaKey' | 'tempPath'>,
): string[] {
  const own = itemTempFile(tempDir, item.downloadId, item.mediaKey);
  return item.tempPath && item.tempPath !== own ? [item.tempPath, own] : [own];
}

/** Bytes already in the item's temp files (a resumed transfer starts from there). */
export async function tempBytes(tempDir: string, item: Pick<ItemRecord, 'downloadId' | 'mediaKey' | 'tempPath'>) {
  let bytes = 0;
  for (const file of itemTempFiles(tempDir, item)) bytes += (await fs.stat(file).catch(() => undefined))?.size ?? 0;
  return bytes;
}

export async function removeItemTempFiles(
  tempDir: string,
  item: Pick<ItemRecord, 'downloadId' | 'mediaKey' | 'tempPath'>,
): Promise<void> {
  for (const file of itemTempFiles(tempDir, item)) await fs.rm(file, { force: true });
}
