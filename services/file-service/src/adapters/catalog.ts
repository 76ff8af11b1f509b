/** The catalog in PostgreSQL (schema `files`): the same SQL on PGlite and on a real server. */
import type { Database, FileSource, Sql } from '@smh/shared';
import { type ExpressionBuilder, type Insertable, sql, typed, type Updateable } from '@smh/shared/db/typed';
import type { FileRow } from '../domain/file-record.js';
import { buildListQuery, cursorValue, encodeListCursor, type ListFilters } from '../domain/list-query.js';
import { FILE_COLUMNS, type FileTables } from './tables.js';

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

function insertValues(file: NewFile): Insertable<FileTables['files.files']> {
  const source = file.source ?? null;
  return {
    id: file.id,
    owner_id: file.ownerId,
    name: file.name,
    mime: file.mime,
    type: file.type,
    size: file.size,
    sha256: file.sha256,
    width: file.width ?? null,
    height: file.height ?? null,
    duration: file.duration ?? null,
    probe: file.probe ? JSON.stringify(file.probe) : null,
    source_platform: source?.platform ?? null,
    source_username: source?.username ?? null,
    source_code: source?.code ?? null,
    source_taken_at: source?.takenAt ? new Date(source.takenAt) : null,
    source_caption: source?.caption ?? null,
    source_url: source?.url ?? null,
    source_media_id: source?.mediaId ?? null,
    source_full_name: source?.fullName ?? null,
    storage_key: file.storageKey,
    sidecar_key: file.sidecarKey ?? null,
    thumbnail_key: file.thumbnailKey ?? null,
    origin_kind: file.origin.kind,
    origin_id: file.origin.id ?? null,
    derived_from: sql`${file.derivedFrom ?? []}::uuid[]`,
    created_at: file.createdAt,
  };
}

/** The columns a patch sets (undefined leaves a column alone). */
function patchColumns(patch: FilePatch): Updateable<FileTables['files.files']> {
  const columns: Updateable<FileTables['files.files']> = {};
  if (patch.width !== undefined) columns.width = patch.width;
  if (patch.height !== undefined) columns.height = patch.height;
  if (patch.duration !== undefined) columns.duration = patch.duration;
  if (patch.probe !== undefined) columns.probe = patch.probe === null ? null : JSON.stringify(patch.probe);
  if (patch.thumbnailKey !== undefined) columns.thumbnail_key = patch.thumbnailKey;
  return columns;
}

export type Catalog = ReturnType<typeof createCatalog>;

export function createCatalog(db: Database) {
  const files = (target: Sql = db) => typed<FileTables>(target);
  /** `ownerId` null (an admin) matches every owner. */
  const ownedBy = (ownerId: string | null) => (eb: ExpressionBuilder<FileTables, 'files.files'>) =>
    ownerId === null ? eb.lit(true) : eb('owner_id', '=', ownerId);

  async function keysStillReferenced(tx: Sql, keys: (string | null)[]): Promise<Set<string>> {
    const wanted = keys.filter((key): key is string => key !== null);
    if (wanted.length === 0) return new Set();
    const rows = await files(tx)
      .selectFrom('files.files')
      .select('sidecar_key as key')
      .where('sidecar_key', 'in', wanted)
      .union((eb) => eb.selectFrom('files.files').select('thumbnail_key as key').where('thumbnail_key', 'in', wanted))
      .union((eb) => eb.selectFrom('files.files').select('storage_key as key').where('storage_key', 'in', wanted))
      .execute();
    return new Set(rows.flatMap((row) => (row.key === null ? [] : [row.key])));
  }

  return {
    async insert(file: NewFile): Promise<FileRow> {
      try {
        return await files()
          .insertInto('files.files')
          .values(insertValues(file))
          .returning(FILE_COLUMNS)
          .executeTakeFirstOrThrow();
      } catch (error) {
        throw uniqueViolation(error) ?? error;
      }
    },

    /**
     * Inserts many files in one statement. A file that a unique constraint refuses (storage key or media id taken,
     * also by an earlier file of the same batch) is left out of the answer instead of failing the others.
     */
    async insertMany(newFiles: readonly NewFile[]): Promise<FileRow[]> {
      if (newFiles.length === 0) return [];
      return files()
        .insertInto('files.files')
        .values(newFiles.map(insertValues))
        .onConflict((conflict) => conflict.doNothing())
        .returning(FILE_COLUMNS)
        .execute();
    },

    async byStorageKey(storageKey: string): Promise<FileRow | undefined> {
      return files()
        .selectFrom('files.files')
        .select(FILE_COLUMNS)
        .where('storage_key', '=', storageKey)
        .executeTakeFirst();
    },

    async get(id: string, ownerId: string | null): Promise<FileRow | undefined> {
      return files()
        .selectFrom('files.files')
        .select(FILE_COLUMNS)
        .where('id', '=', id)
        .where(ownedBy(ownerId))
        .executeTakeFirst();
    },

    async getMany(ids: readonly string[], ownerId: string | null): Promise<FileRow[]> {
      return files()
        .selectFrom('files.files')
        .select(FILE_COLUMNS)
        .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
        .where(ownedBy(ownerId))
        .execute();
    },

    async lookup(ownerId: string, by: { sha256?: string; mediaId?: string }): Promise<FileRow | undefined> {
      return files()
        .selectFrom('files.files')
        .select(FILE_COLUMNS)
        .where('owner_id', '=', ownerId)
        .where((eb) =>
          by.mediaId !== undefined ? eb('source_media_id', '=', by.mediaId) : eb('sha256', '=', by.sha256 ?? null),
        )
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
    },

    /** The owner's files among these platform media ids (one query, for callers checking many items at once). */
    async lookupMediaIds(ownerId: string, mediaIds: readonly string[]): Promise<FileRow[]> {
      if (mediaIds.length === 0) return [];
      return files()
        .selectFrom('files.files')
        .select(FILE_COLUMNS)
        .where('owner_id', '=', ownerId)
        .where(sql<boolean>`source_media_id = ANY(${mediaIds}::text[])`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /** The distinct source platforms (lower-cased) among the owner's files, with how many files each, most first. */
    async platforms(ownerId: string | null): Promise<{ platform: string; count: number }[]> {
      const platform = sql<string>`lower(source_platform)`;
      return files()
        .selectFrom('files.files')
        .select([platform.as('platform'), sql<number>`count(*)::int`.as('count')])
        .where('source_platform', 'is not', null)
        .where(ownedBy(ownerId))
        .groupBy(platform)
        .orderBy(sql`count(*)`, 'desc')
        .orderBy(platform)
        .execute();
    },

    async list(filters: ListFilters): Promise<{ rows: FileRow[]; nextCursor: string | null }> {
      const rows = await buildListQuery(files().selectFrom('files.files').select(FILE_COLUMNS), filters).execute();
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
      return db.transaction(async (tx) => {
        const before = await files(tx)
          .selectFrom('files.files')
          .select(FILE_COLUMNS)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) return undefined;
        const columns = patchColumns(patch);
        if (Object.keys(columns).length === 0) return { before, after: before };
        const after = await files(tx)
          .updateTable('files.files')
          .set(columns)
          .where('id', '=', id)
          .returning(FILE_COLUMNS)
          .executeTakeFirstOrThrow();
        return { before, after };
      });
    },

    /** Records a generated thumbnail unless another one was recorded meanwhile; returns the key in force. */
    async setThumbnailIfMissing(id: string, key: string): Promise<string | null> {
      const row = await files()
        .updateTable('files.files')
        .set({ thumbnail_key: sql<string>`coalesce(thumbnail_key, ${key})` })
        .where('id', '=', id)
        .returning('thumbnail_key')
        .executeTakeFirst();
      return row?.thumbnail_key ?? null;
    },

    /**
     * Deletes the row in one transaction and returns it, with the storage keys no other row still uses
     * (a sidecar is shared by the items of one post).
     */
    async remove(id: string, ownerId: string | null): Promise<{ row: FileRow; unusedKeys: string[] } | undefined> {
      return db.transaction(async (tx) => {
        const row = await files(tx)
          .deleteFrom('files.files')
          .where('id', '=', id)
          .where(ownedBy(ownerId))
          .returning(FILE_COLUMNS)
          .executeTakeFirst();
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
      return files()
        .selectFrom('files.files')
        .select(['type', sql<number>`count(*)::int`.as('count')])
        .groupBy('type')
        .execute();
    },
  };
}
