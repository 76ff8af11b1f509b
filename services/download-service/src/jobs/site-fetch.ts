/**
 * The transfer step of an item of another site: yt-dlp downloads it (through the egress proxy) into a directory of
 * the hub's temp area that is the same on every attempt, so its `.part` files resume; progress lines feed the
 * download's progress model; the finished file is hashed and moved to a temp file for the common steps that follow
 * (sniff → de-duplicate → commit → catalog).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isProcessError } from '@smh/shared/process/runner';
import { sha256File } from '@smh/shared/storage/sha256-file';
import { DownloadFailure } from '../domain/failure.js';
import type { ItemRecord } from '../repository/downloads-repo.js';
import type { SiteMedia } from '../ytdlp/output.js';
import { SiteError } from '../ytdlp/tool.js';
import { itemLimits, type ItemRun } from './item-run.js';

export interface SiteTransfer {
  tempPath: string;
  sha256: string;
  size: number;
  media: SiteMedia;
}

/** The item's own yt-dlp work directory: derived from the download and the item, so a retry finds its `.part`. */
export function siteWorkDir(tempRoot: string, downloadId: string, mediaKey: string): string {
  const digest = createHash('sha256').update(`${downloadId}\n${mediaKey}`).digest('hex').slice(0, 32);
  return path.join(tempRoot, `ytdlp-${digest}`);
}

function asFailure(error: unknown): unknown {
  if (error instanceof SiteError) return new DownloadFailure(error.code, error.message, error.code === 'SITE_FAILED');
  if (isProcessError(error) && error.code === 'TIMEOUT')
    return new DownloadFailure('DOWNLOAD_TOO_SLOW', error.message, false);
  return error;
}

export async function transferSiteItem(run: ItemRun, item: ItemRecord): Promise<SiteTransfer> {
  const { deps, meter } = run;
  const tool = deps.sites;
  if (!tool)
    throw new DownloadFailure(
      'YTDLP_MISSING',
      'yt-dlp is not installed on this hub (set YTDLP_PATH or put yt-dlp on PATH).',
      false,
    );
  const workDir = siteWorkDir(path.join(deps.storage.root, '.tmp'), run.download.id, item.mediaKey);
  await fs.mkdir(workDir, { recursive: true });
  const limits = itemLimits(run, new URL(item.url).host);
  // yt-dlp reports bytes per file (video, then audio): a counter that goes down means the next file started.
  let fileBytes = 0;
  let fileExpected = 0;
  let totalBytes = 0;
  try {
    const downloaded = await tool.download(item.url, {
      signal: limits.signal,
      outputDir: workDir,
      onProgress: (progress) => {
        if (progress.downloadedBytes < fileBytes) {
          fileBytes = 0;
          fileExpected = 0;
        }
        const delta = progress.downloadedBytes - fileBytes;
        fileBytes = progress.downloadedBytes;
        totalBytes += delta;
        if (progress.totalBytes !== null && progress.totalBytes !== fileExpected) {
          meter.addExpected(progress.totalBytes - fileExpected);
          fileExpected = progress.totalBytes;
        }
        if (delta > 0) {
          meter.addBytes(delta);
          deps.metrics.bytes.inc(delta);
        }
        limits.checkSize(totalBytes);
        run.onProgress();
      },
    });
    limits.signal.throwIfAborted();
    const resolved = path.resolve(downloaded.filepath);
    if (path.dirname(resolved) !== workDir)
      throw new DownloadFailure('SITE_FAILED', `yt-dlp wrote outside its directory: ${downloaded.filepath}`, false);
    const size = (await fs.stat(resolved)).size;
    limits.checkSize(size);
    limits.signal.throwIfAborted();
    const sha256 = await sha256File(resolved);
    const tempPath = await deps.storage.tempFile(path.extname(resolved));
    await fs.rename(resolved, tempPath);
    await fs.rm(workDir, { recursive: true, force: true });
    return { tempPath, sha256, size, media: downloaded.media };
  } catch (error) {
    if (limits.signal.aborted && limits.signal.reason instanceof DownloadFailure) {
      await fs.rm(workDir, { recursive: true, force: true });
      throw limits.signal.reason;
    }
    if (limits.signal.aborted) throw limits.signal.reason;
    throw asFailure(error);
  } finally {
    limits.dispose();
  }
}
