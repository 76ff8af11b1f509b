/** The catalog in PostgreSQL (schema `files`): the same SQL on PGlite and on a real server. */
import type { Database, FileSource, Sql } from '@smh/shared';
import { FILE_COLUMNS, type FileRow } from '../domain/file-record.js';
import { buildListQuery, cursorValue, encodeListCursor, type ListFilters } from '../domain/list-query.js';

export interface NewFile {
  id: string;
  ownerId: string;
  name: string;
  mime: string;
  type: FileRow['type'];
  size: number;
  sha256: string;
  width?: number | null;
  height?: number | null;
  duration?: number | null;
  probe?: Record<string, unknown> | null;
  source?: FileSource | null;
  storageKey: string;
  sidecarKey?: string | null;
  thumbnailKey?: string | null;
  origin: { kind: FileRow['origin_kind']; id?: string | null };
  derivedFrom?: string[];
  createdAt: Date;
}

export interface FilePatch {
  width?: number | null;
  height?: number | null;
  duration?: number | null;
  probe?: Record<string, unknown> | null;
  thumbnailKey?: string | null;
}

/** A unique constraint refused the row: the storage key or the platform media id is already catalogued. */
export class DuplicateFileError extends Error {
  override name = 'DuplicateFileError';
  constructor(readonly constraint: 'storage_key' | 'media_id') {
    super(
      constraint === 'storage_key'
        ? 'this storage key is already registered'
        : 'this media item is already registered for this owner',
    );
  }
}

function uniqueViolation(error: unknown): DuplicateFileError | undefined {
  const { code, constraint, message } = error as { code?: string; constraint?: string; message?: string };
  if (code !== '23505') return undefined;
  const text = `${constraint ?? ''} ${message ?? ''}`;
  return new DuplicateFileError(text.includes('files_owner_media_idx') ? 'media_id' : 'storage_key');
}

const INSERT_COLUMNS = `id, owner_id, name, mime, type, size, sha256, width, height, duration, probe,
  source_platform, source_username, source_code, source_taken_at, source_caption, source_url, source_media_id,
  storage_key, sidecar_key, thumbnail_key, origin_kind, origin_id, derived_from, created_at, source_full_name`;
const INSERT_WIDTH = 26;
/** Column 24 (derived_from) needs its array type spelled out. */
const valuesPlaceholders = (first: number): string =>
  `(${Array.from({ length: INSERT_WIDTH }, (_, i) => `$${first + i}${i === 23 ? '::uuid[]' : ''}`).join(',')})`;

function insertValues(file: NewFile): unknown[] {
  const source = file.source ?? null;
  return [
    file.id,
    file.ownerId,
    file.name,
    file.mime,
    file.type,
    file.size,
    file.sha256,
    file.width ?? null,
    file.height ?? null,
    file.duration ?? null,
    file.probe ? JSON.stringify(file.probe) : null,
    source?.platform ?? null,
    source?.username ?? null,
    source?.code ?? null,
    source?.takenAt ? new Date(source.takenAt) : null,
    source?.caption ?? null,
    source?.url ?? null,
    source?.mediaId ?? null,
    file.storageKey,
    file.sidecarKey ?? null,
    file.thumbnailKey ?? null,
    file.origin.kind,
    file.origin.id ?? null,
    file.derivedFrom ?? [],
    file.createdAt,
    source?.fullName ?? null,
  ];
}

export type Catalog = ReturnType<typeof createCatalog>;

export function createCatalog(db: Database) {
  const scoped = (ownerId: string | null, index: number) => (ownerId === null ? 'TRUE' : `owner_id = $${index}`);
  const ownerParams = (ownerId: string | null) => (ownerId === null ? [] : [ownerId]);

  async function keysStillReferenced(tx: Sql, keys: (string | null)[]): Promise<Set<string>> {
    const wanted = keys.filter((key): key is string => key !== null);
    if (wanted.length === 0) return new Set();
    const { rows } = await tx.query<{ key: string }>(
      `SELECT sidecar_key AS key FROM files.files WHERE sidecar_key = ANY($1::text[])
       UNION SELECT thumbnail_key AS key FROM files.files WHERE thumbnail_key = ANY($1::text[])
       UNION SELECT storage_key AS key FROM files.files WHERE storage_key = ANY($1::text[])`,
      [wanted],
    );
    return new Set(rows.map((row) => row.key));
  }

  return {
    async insert(file: NewFile): Promise<FileRow> {
      try {
        const { rows } = await db.query<FileRow>(
          `INSERT INTO files.files (${INSERT_COLUMNS}) VALUES ${valuesPlaceholders(1)} RETURNING ${FILE_COLUMNS}`,
          insertValues(file),
        );
        return rows[0] as FileRow;
      } catch (error) {
        throw uniqueViolation(error) ?? error;
      }
    },

    /**
     * Inserts many files in one statement. A file that a unique constraint refuses (storage key or media id taken,
     * also by an earlier file of the same batch) is left out of the answer instead of failing the others.
     */
    async insertMany(files: readonly NewFile[]): Promise<FileRow[]> {
      if (files.length === 0) return [];
      const { rows } = await db.query<FileRow>(
        `INSERT INTO files.files (${INSERT_COLUMNS}) VALUES ${files.map((_, i) => valuesPlaceholders(i * INSERT_WIDTH + 1)).join(', ')}
         ON CONFLICT DO NOTHING RETURNING ${FILE_COLUMNS}`,
        files.flatMap(insertValues),
      );
      return rows;
    },

    async get(id: string, ownerId: string | null): Promise<FileRow | undefined> {
      const { rows } = await db.query<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files.files WHERE id = $1 AND ${scoped(ownerId, 2)}`,
        [id, ...ownerParams(ownerId)],
      );
      return rows[0];
    },

    async getMany(ids: readonly string[], ownerId: string | null): Promise<FileRow[]> {
      const { rows } = await db.query<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files.files WHERE id = ANY($1::uuid[]) AND ${scoped(ownerId, 2)}`,
        [ids, ...ownerParams(ownerId)],
      );
      return rows;
    },

    async lookup(ownerId: string, by: { sha256?: string; mediaId?: string }): Promise<FileRow | undefined> {
      const [column, value] = by.mediaId !== undefined ? ['source_media_id', by.mediaId] : ['sha256', by.sha256];
      const { rows } = await db.query<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files.files WHERE owner_id = $1 AND ${column} = $2 ORDER BY created_at, id LIMIT 1`,
        [ownerId, value],
      );
      return rows[0];
    },

    /** The owner's files among these platform media ids (one query, for callers checking many items at once). */
    async lookupMediaIds(ownerId: string, mediaIds: readonly string[]): Promise<FileRow[]> {
      if (mediaIds.length === 0) return [];
      const { rows } = await db.query<FileRow>(
        `SELECT ${FILE_COLUMNS} FROM files.files WHERE owner_id = $1 AND source_media_id = ANY($2::text[]) ORDER BY created_at, id`,
        [ownerId, mediaIds],
      );
      return rows;
    },

    /** The distinct source platforms (lower-cased) among the owner's files, with how many files each, most first. */
    async platforms(ownerId: string | null): Promise<{ platform: string; count: number }[]> {
      const { rows } = await db.query<{ platform: string; count: string | number }>(
        `SELECT lower(source_platform) AS platform, count(*) AS count FROM files.files
         WHERE source_platform IS NOT NULL AND ${scoped(ownerId, 1)}
         GROUP BY lower(source_platform) ORDER BY count(*) DESC, lower(source_platform)`,
        ownerParams(ownerId),
      );
      return rows.map((row) => ({ platform: row.platform, count: Number(row.count) }));
    },

    async list(filters: ListFilters): Promise<{ rows: FileRow[]; nextCursor: string | null }> {
      const { text, params } = buildListQuery(filters, FILE_COLUMNS);
      const { rows } = await db.query<FileRow>(text, params);
      const page = rows.slice(0, filters.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > filters.limit && last
          ? encodeListCursor({ sort: filters.sort, value: cursorValue(filters.sort, last), id: last.id })
          : null;
      return { rows: page, nextCursor };
    },

    /** Applies the given fields only; returns the row as it was before and as it is now. */
    async update(id: string, patch: FilePatch): Promise<{ before: FileRow; after: FileRow } | undefined> {
      const columns: Record<keyof FilePatch, string> = {
        width: 'width',
        height: 'height',
        duration: 'duration',
        probe: 'probe',
        thumbnailKey: 'thumbnail_key',
      };
      return db.transaction(async (tx) => {
        const { rows: current } = await tx.query<FileRow>(
          `SELECT ${FILE_COLUMNS} FROM files.files WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const before = current[0];
        if (!before) return undefined;
        const entries = (Object.keys(columns) as (keyof FilePatch)[]).filter((field) => patch[field] !== undefined);
        if (entries.length === 0) return { before, after: before };
        const assignments = entries.map((field, index) => `${columns[field]} = $${index + 2}`).join(', ');
        const values = entries.map((field) =>
          field === 'probe' && patch.probe ? JSON.stringify(patch.probe) : patch[field],
        );
        const { rows } = await tx.query<FileRow>(
          `UPDATE files.files SET ${assignments} WHERE id = $1 RETURNING ${FILE_COLUMNS}`,
          [id, ...values],
        );
        return { before, after: rows[0] as FileRow };
      });
    },

    /** Records a generated thumbnail unless another one was recorded meanwhile; returns the key in force. */
    async setThumbnailIfMissing(id: string, key: string): Promise<string | null> {
      const { rows } = await db.query<{ thumbnail_key: string | null }>(
        `UPDATE files.files SET thumbnail_key = coalesce(thumbnail_key, $2) WHERE id = $1 RETURNING thumbnail_key`,
        [id, key],
      );
      return rows[0]?.thumbnail_key ?? null;
    },

    /**
     * Deletes the row in one transaction and returns it, with the storage keys no other row still uses
     * (a sidecar is shared by the items of one post).
     */
    async remove(id: string, ownerId: string | null): Promise<{ row: FileRow; unusedKeys: string[] } | undefined> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<FileRow>(
          `DELETE FROM files.files WHERE id = $1 AND ${scoped(ownerId, 2)} RETURNING ${FILE_COLUMNS}`,
          [id, ...ownerParams(ownerId)],
        );
        const row = rows[0];
        if (!row) return undefined;
        const candidates = [row.storage_key, row.sidecar_key, row.thumbnail_key];
        const stillUsed = await keysStillReferenced(tx, candidates);
        const unusedKeys = [...new Set(candidates.filter((key): key is string => key !== null && !stillUsed.has(key)))];
        return { row, unusedKeys };
      });
    },

    async keyInUse(key: string): Promise<boolean> {
      return (await keysStillReferenced(db, [key])).size > 0;
    },

    async countByType(): Promise<{ type: string; count: number }[]> {
      const { rows } = await db.query<{ type: string; count: number }>(
        'SELECT type, count(*)::int AS count FROM files.files GROUP BY type',
      );
      return rows;
    },
  };
}
