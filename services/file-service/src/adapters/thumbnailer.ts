/**
 * Image thumbnails, made on first request with sharp (libvips, prebuilt binary shipped in the npm package)
 * and cached in the library under `thumbnails/<owner>/<id>.webp`. Video posters are not made here:
 * video-service stores them and records `thumbnailKey` through PATCH /internal/files/:id.
 */
import fs from 'node:fs/promises';
import type { MediaStorage } from '@smh/shared';
import type Sharp from 'sharp';
import type { FileRow } from '../domain/file-record.js';
import type { Catalog } from './catalog.js';

export const THUMBNAIL_MAX_EDGE = 320;

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp (with libvips, a native library of tens of megabytes) is loaded on the first image operation, not at
 * start: most starts never make a thumbnail, and loading it costs start time and resident memory.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // Decoded pixels are not kept between requests: memory stays flat while serving a large library.
    sharp.cache(false);
    return sharp;
  });
  return loading;
}

export class ThumbnailFailedError extends Error {
  override name = 'ThumbnailFailedError';
}

export function thumbnailKeyFor(row: Pick<FileRow, 'id' | 'owner_id'>): string {
  return `thumbnails/${row.owner_id.replace(/[^\w-]/g, '_')}/${row.id}.webp`;
}

export type Thumbnailer = ReturnType<typeof createThumbnailer>;

export function createThumbnailer(deps: { storage: MediaStorage; catalog: Catalog }) {
  const { storage, catalog } = deps;
  /** One generation per file at a time, however many requests ask for it. */
  const inFlight = new Map<string, Promise<string>>();

  async function generate(row: FileRow): Promise<string> {
    const source = await storage.localPath(row.storage_key);
    const tempPath = await storage.tempFile('.webp');
    try {
      const sharp = await loadSharp();
      await sharp(source, { failOn: 'error', animated: false })
        .rotate()
        .resize({ width: THUMBNAIL_MAX_EDGE, height: THUMBNAIL_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 78 })
        .toFile(tempPath);
    } catch (error) {
      await fs.rm(tempPath, { force: true });
      throw new ThumbnailFailedError(
        `the image could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const key = thumbnailKeyFor(row);
    await storage.commit(tempPath, key, { overwrite: true });
    return (await catalog.setThumbnailIfMissing(row.id, key)) ?? key;
  }

  return {
    /** The thumbnail's storage key: the recorded one, else a new one for images; undefined when none can exist yet. */
    async ensure(row: FileRow): Promise<string | undefined> {
      if (row.thumbnail_key) return row.thumbnail_key;
      if (row.type !== 'image') return undefined;
      let pending = inFlight.get(row.id);
      if (!pending) {
        pending = generate(row).finally(() => inFlight.delete(row.id));
        inFlight.set(row.id, pending);
      }
      return pending;
    },
  };
}

/** Image dimensions from the header only (no decoding), for uploads. */
export async function imageDimensions(path: string): Promise<{ width: number; height: number } | undefined> {
  try {
    const sharp = await loadSharp();
    const { width, height, orientation } = await sharp(path).metadata();
    if (!width || !height) return undefined;
    // EXIF orientations 5–8 are rotated by 90°: report the size as displayed.
    return orientation && orientation >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return undefined;
  }
}
