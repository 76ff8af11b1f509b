/** A catalog row and its two public faces: the user's view and the services' view (with storage keys). */
import type { InternalFile, PublicFile } from '@smh/shared/contracts/files';
import type { Selectable } from '@smh/shared/db/typed';
import type { FileTables } from '../adapters/tables.js';

/** A catalog row as the repository reads it: every column of `files.files` but the search vector. */
export type FileRow = Omit<Selectable<FileTables['files.files']>, 'search'>;

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Whether GET /api/files/:id/thumbnail can answer: a stored thumbnail/poster, or an image to make one from. */
export function thumbnailAvailable(row: Pick<FileRow, 'thumbnail_key' | 'type'>): boolean {
  return row.thumbnail_key !== null || row.type === 'image';
}

export function toPublicFile(row: FileRow): PublicFile {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    mime: row.mime,
    type: row.type,
    size: row.size,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    duration: row.duration,
    source:
      row.source_platform === null
        ? null
        : {
            platform: row.source_platform,
            username: row.source_username,
            code: row.source_code,
            takenAt: row.source_taken_at ? toDate(row.source_taken_at).toISOString() : null,
            caption: row.source_caption,
            url: row.source_url,
            mediaId: row.source_media_id,
            ...(row.source_full_name ? { fullName: row.source_full_name } : {}),
          },
    hasThumbnail: thumbnailAvailable(row),
    origin: { kind: row.origin_kind, id: row.origin_id },
    derivedFrom: row.derived_from ?? [],
    createdAt: toDate(row.created_at).toISOString(),
  };
}

export function toInternalFile(row: FileRow): InternalFile {
  return {
    ...toPublicFile(row),
    storageKey: row.storage_key,
    sidecarKey: row.sidecar_key,
    thumbnailKey: row.thumbnail_key,
  };
}
